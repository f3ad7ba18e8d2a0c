"""The detail pane's text: escaped, with a search hit's matched words and where they were."""

from __future__ import annotations

from datetime import date

from casefile.records.incidents import IncidentData
from casefile.search.hits import Hit
from ui.detail_pane import hit_html, incident_html


def _hit(field: str | None, snippet: str = "a <b>drone</b> & more") -> Hit:
    start = snippet.index("drone")
    return Hit(
        incident_id="u-1",
        title="Strike",
        date=date(2025, 11, 26),
        place="",
        snippet=snippet,
        score=1.0,
        field=field,
        fields=(field,) if field else (),
        highlights=((start, start + 5),),
    )


def test_a_hit_is_escaped_and_its_words_marked() -> None:
    assert hit_html(_hit("narrative")) == "a &lt;b&gt;<b>drone</b>&lt;/b&gt; &amp; more"


def test_the_pane_says_where_the_words_were_found() -> None:
    data = IncidentData(title="Strike <on> mine", event_date=date(2025, 11, 26))
    assert "Match in a cited source report:" in incident_html(data, [], _hit("reports"))
    assert "Match in place:" in incident_html(data, [], _hit("place"))
    assert "Strike &lt;on&gt; mine" in incident_html(data, [], None)
