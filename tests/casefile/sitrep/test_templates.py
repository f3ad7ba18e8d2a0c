"""The report document: deferred flowables are laid out as if they had been there all along."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from reportlab import rl_config
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from casefile.sitrep import blocks, fonts, styles
from casefile.sitrep.templates import Deferred, Furniture, ReportDocument

FURNITURE = Furniture("TLP:CLEAR", "SR-1", "Deferred")


def _pdf(story: list[Flowable], progress: Callable[[int, int], None] | None = None) -> bytes:
    fonts.register()
    styles.stylesheet()
    out = io.BytesIO()
    ReportDocument(out, FURNITURE, progress=progress).render(story)
    return out.getvalue()


def _section(n: int) -> list[Flowable]:
    return [blocks.para(f"Heading {n}", "H2"), blocks.para(f"Text of section {n}. " * 40)]


@pytest.fixture(autouse=True)
def invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids in the file


def test_deferred_flowables_print_as_the_same_flowables_made_up_front() -> None:
    # H1 keeps with what follows: the first deferred section is made to go with it.
    eager = [blocks.para("Details", "H1"), *(f for n in range(30) for f in _section(n))]
    deferred = [
        blocks.para("Details", "H1"),
        *(Deferred(lambda n=n: _section(n), weight=2) for n in range(30)),
    ]
    assert _pdf(deferred) == _pdf(eager)


def test_a_deferred_flowable_that_makes_nothing_leaves_nothing() -> None:
    story: list[Flowable] = [blocks.para("Before"), Deferred(list), blocks.para("After")]
    assert _pdf(story) == _pdf([blocks.para("Before"), blocks.para("After")])
    assert _pdf([blocks.para("Only"), Deferred(list)]) == _pdf([blocks.para("Only")])


def test_progress_counts_what_deferred_flowables_make() -> None:
    seen: list[tuple[int, int]] = []
    story = [Deferred(lambda n=n: _section(n), weight=1) for n in range(60)]
    _pdf(story, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 60) and seen[-1] == (120, 120)
    assert all(done < total for done, total in seen[1:-1])


def test_a_deferred_flowable_is_not_laid_out_inside_another() -> None:
    inside = KeepTogether([Paragraph("x"), Deferred(list)])
    with pytest.raises(TypeError, match="story of a ReportDocument"):
        _pdf([inside])
