"""The assessment: key judgments, attribution of unclaimed incidents in ICD 203 terms, outlook."""

from __future__ import annotations

import re

from reportlab.platypus import Flowable

from casefile.records import taxonomy
from casefile.sitrep import bidi, drafts, fonts
from casefile.sitrep.bidi_paragraph import BidiParagraph
from casefile.sitrep.blocks import MemoParagraph, grid, heading, para, style
from casefile.sitrep.content import ReportData


def assessment(data: ReportData) -> list[Flowable]:
    """Key judgments, attribution in ICD 203 terms, outlook and the likelihood scale."""
    o = data.options
    out: list[Flowable] = [heading("Assessment", key="assessment")]
    judgments = o.judgments()
    out.append(para("Key judgments", "H2"))
    if judgments:
        out += [
            MemoParagraph(emphasise_terms(fonts.markup(j)), style("Bullet"), bulletText="•")
            if not bidi.has_rtl(j)
            else BidiParagraph(j, style("Bullet"), bullet="•")
            for j in judgments
        ]
    else:
        out.append(para("No key judgments were written for this report."))
    if data.suspected:
        bands = {t.term: f"{t.low}–{t.high}%" for t in taxonomy.LIKELIHOODS}
        rows = [
            [
                para(name, "Cell"),
                para(term, "Cell"),
                MemoParagraph(bands.get(term, "—"), style("Cell")),
                drafts.count_cell(count, among),
            ]
            for name, term, count, among in data.suspected
        ]
        out += [
            para("Attribution of unclaimed incidents", "H2"),
            grid(
                ["Suspected actor", "Likelihood (ICD 203)", "Probability", "Incidents"],
                rows,
                ["40%", "25%", "17%", "18%"],
                right=(3,),
            ),
        ]
    out += [
        para("Outlook", "H2"),
        para(o.outlook.strip() or "No outlook was written for this report."),
        likelihood_scale(),
    ]
    return out


# Longest first, so that "very unlikely" is found whole rather than as "unlikely".
_TERMS = re.compile(
    r"\b("
    + "|".join(
        sorted(
            (re.escape(w) for t in taxonomy.LIKELIHOODS for w in (t.term, t.synonym)),
            key=len,
            reverse=True,
        )
    )
    + r")\b",
    re.IGNORECASE,
)


def emphasise_terms(markup: str) -> str:
    """Bold each ICD 203 likelihood term, so the reader sees how sure each judgment is."""
    return _TERMS.sub(r"<b>\1</b>", markup)


def likelihood_scale() -> Flowable:
    """The ICD 203 terms and their probability bands, as the reader's key."""
    terms = "; ".join(f"{t.term} ({t.low}–{t.high}%)" for t in taxonomy.LIKELIHOODS)
    return para(f"Likelihood terms follow ICD 203: {terms}.", "Muted")
