"""PDF reports: structure, text in every script, marking on every page, outline, escaping."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Table

import casefile
from casefile import ActorRole, CasualtyCount, errors
from casefile.records import taxonomy
from casefile.sitrep import ReportOptions, blocks, fonts, linebreak

CYRILLIC = "Шамсиддин Шоҳин"
TAJIK_LETTERS = "ҳ ҷ қ ғ ӣ ӯ"
CHINESE = "中国公民在塔吉克斯坦边境遇袭身亡"
DARI = "حمله در Shamsiddin Shohin ۲۳ دسامبر 2025"
HOSTILE = "<b>Attack & </para>"


@pytest.fixture
def border(cf: casefile.CaseFile) -> dict[str, str]:
    """A small case in four scripts: two incidents, three sources."""
    news = cf.sources.add(name="Asia-Plus", reliability="B", kind="news").created
    xinhua = cf.sources.add(name="新华社", reliability="C", kind="news").created
    tolo = cf.sources.add(name="طلوع‌نیوز", reliability="C", kind="news").created
    r1 = cf.sources.add_report(
        source_id=news,
        title=f"Пограничники: ҳамла дар {CYRILLIC}",
        url="https://asiaplus.tj/news/24?a=1&b=2",
        accessed=date(2025, 12, 24),
    ).created
    r2 = cf.sources.add_report(
        source_id=xinhua, title=CHINESE, url="https://news.cn/x", accessed=date(2025, 11, 27)
    ).created
    r3 = cf.sources.add_report(
        source_id=tolo, title=DARI, url="https://tolonews.com/fa/x", accessed=date(2025, 12, 24)
    ).created
    mine = cf.add_incident(
        title="Drone strike on Chinese-operated gold mine",
        event_date=date(2025, 11, 26),
        event_time=time(14, 30),
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        country_code="TJ",
        country="Tajikistan",
        location="Shamsiddin Shohin",
        narrative=f"{CHINESE}. A drone struck the camp.",
        casualties=[
            CasualtyCount(kind="killed", best=3, group="Chinese nationals", nationality="CN"),
            CasualtyCount(kind="injured", best=2),
        ],
        actors=[ActorRole(name="ISKP", role="suspected", likelihood="likely")],
    ).created
    post = cf.add_incident(
        title=f"Border post attacked in {CYRILLIC}",
        event_date=date(2025, 12, 23),
        event_type="Battles",
        sub_event_type="Armed clash",
        country_code="TJ",
        location=CYRILLIC,
        narrative=f"{DARI}. Two border guards ({TAJIK_LETTERS}) died.",
        casualties=[CasualtyCount(kind="killed", best=5)],
    ).created
    cf.sources.cite(incident_id=mine, report_id=r2, credibility=2)
    cf.sources.cite(incident_id=post, report_id=r1, credibility=2)
    cf.sources.cite(incident_id=post, report_id=r3, credibility=3)
    return {"mine": mine, "post": post}


OPTIONS = dict(
    start=date(2025, 11, 1),
    end=date(2025, 12, 31),
    title=HOSTILE,
    number="SR-2025-12",
    tlp="TLP:AMBER+STRICT",
    originator="Field office",
    recipients=["HQ"],
    bluf="Attacks rose.",
    key_judgments="ISKP is likely behind it.",
)


@pytest.fixture
def sitrep_pdf(cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path) -> Path:
    """The situation report for the border case."""
    return cf.write_report(tmp_path / "sitrep.pdf", **OPTIONS)


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_pdf_is_structurally_sound(sitrep_pdf: Path) -> None:
    reader = PdfReader(sitrep_pdf, strict=True)
    assert len(reader.pages) >= 2
    with pikepdf.open(sitrep_pdf) as pdf:  # qpdf's own check, as `qpdf --check` runs it
        assert pdf.check_pdf_syntax() == []


def _fonts(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Dictionary]:
    """Every font the pages (and the forms they draw) use, by base name."""
    found = {}
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            found[str(font.BaseFont)] = font
    return found


def _assert_every_font_embedded(path: Path) -> None:
    with pikepdf.open(path) as pdf:
        fonts_used = _fonts(pdf)
        assert fonts_used
        for name, font in fonts_used.items():
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0] if descendants else font).get("/FontDescriptor")
            assert descriptor is not None, f"{name} is not embedded"
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_every_font_is_embedded(sitrep_pdf: Path) -> None:
    # A reader without the font substitutes its own: no standard font is left unembedded
    # (ReportLab's Helvetica came in through tables, charts and bullets left to defaults).
    _assert_every_font_embedded(sitrep_pdf)


def test_every_font_of_a_flash_report_is_embedded(
    cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "flash.pdf"
    cf.write_report(path, template="flash", incident_id=border["mine"], tlp="TLP:RED")
    _assert_every_font_embedded(path)


def test_names_in_latin_cyrillic_and_chinese_come_back_out(sitrep_pdf: Path) -> None:
    text = "\n".join(_text(sitrep_pdf))
    for name in (
        "Drone strike on Chinese-operated gold mine",
        CYRILLIC,
        CHINESE,
        "新华社",
        "Asia-Plus",
    ):
        assert name in text
    assert all(letter in text for letter in TAJIK_LETTERS.split())


def test_without_a_title_the_kind_is_not_repeated_on_page_one(
    cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path
) -> None:
    path = cf.write_report(tmp_path / "untitled.pdf", **{**OPTIONS, "title": ""})
    first = " ".join(_text(path)[0].split())
    assert first.count("Situation report") == 2  # the running header and the heading
    titled = cf.write_report(tmp_path / "titled.pdf", **OPTIONS)
    assert " ".join(_text(titled)[0].split()).count("Situation report") == 1  # above the title


def test_marking_number_and_page_count_on_every_page(sitrep_pdf: Path) -> None:
    pages = _text(sitrep_pdf)
    for number, text in enumerate(pages, start=1):
        assert text.count("TLP:AMBER+STRICT") >= 2, f"page {number}"
        assert f"Page {number} of {len(pages)}" in text
        assert "SR-2025-12" in text


def test_outline_has_each_section(sitrep_pdf: Path) -> None:
    outline = PdfReader(sitrep_pdf).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == [
        HOSTILE,
        "Bottom line up front",
        "Key figures",
        "Charts",
        "Chronology",
        "Incident details",
        "Assessment",
        "Annex: sources",
    ]
    details = outline[top.index("Incident details") + 1]
    assert isinstance(details, list) and len(details) == 2


def test_hostile_title_prints_literally(sitrep_pdf: Path) -> None:
    reader = PdfReader(sitrep_pdf)
    assert HOSTILE in reader.pages[0].extract_text()
    assert reader.metadata is not None and reader.metadata.title == HOSTILE


def test_direction_marks_pasted_into_a_title_and_narrative_print(
    cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path
) -> None:
    # Text copied from a web page carries isolates, embeddings and marks around names.
    title = "Attack near \u2067کابل\u2069 and \u202bفیض آباد\u202c\u200f"
    cf.update_incident(border["mine"], narrative=f"Reported: {title} \u2068قندوز\u2069.")
    path = cf.write_report(tmp_path / "marks.pdf", **{**OPTIONS, "title": title})
    assert len(PdfReader(path).pages) >= 2


def test_metadata_and_clickable_source_links(sitrep_pdf: Path) -> None:
    reader = PdfReader(sitrep_pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.author == "Field office"
    assert "Situation report" in (meta.subject or "")
    assert "TLP:AMBER+STRICT" in str(meta.get("/Keywords"))
    uris = [
        annot.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert "https://asiaplus.tj/news/24?a=1&b=2" in uris


@pytest.mark.parametrize("label", list(taxonomy.TLP))
def test_marking_is_drawn_in_first_colours(
    cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path, label: str
) -> None:
    path = cf.write_report(
        tmp_path / "m.pdf", start=date(2025, 11, 1), end=date(2025, 11, 30), tlp=label
    )
    stream = PdfReader(path).pages[0].get_contents().get_data().decode("latin-1")
    colour = HexColor(taxonomy.TLP[label].colour)
    assert f"{fp_str(colour.red, colour.green, colour.blue)} rg" in stream
    assert "0 0 0 rg" in stream  # the black ground of the label
    assert label in PdfReader(path).pages[0].extract_text()


def test_flash_report_is_about_one_incident(
    cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path
) -> None:
    path = cf.write_report(
        tmp_path / "flash.pdf",
        template="flash",
        incident_id=border["post"],
        title="Border post attacked",
        number="FL-7",
        tlp="TLP:RED",
    )
    pages = _text(path)
    assert "Flash report" in pages[0]
    assert f"Border post attacked in {CYRILLIC}" in pages[0]
    assert "Drone strike" not in "".join(pages)
    assert all("TLP:RED" in p and "FL-7" in p for p in pages)
    assert [i.title for i in PdfReader(path).outline] == [
        "Border post attacked",
        "Bottom line up front",
        "What happened",
        "Assessment",
        "Sources",
    ]


@pytest.mark.parametrize(
    "bad",
    [
        dict(tlp="TLP:WHITE"),
        dict(template="flash"),
        dict(start=date(2025, 12, 31), end=date(2025, 12, 1)),
        dict(template="memo"),
        dict(filters={"colour": "red"}),
    ],
)
def test_bad_options_write_nothing(cf: casefile.CaseFile, tmp_path: Path, bad: dict) -> None:
    with pytest.raises(errors.Invalid):
        cf.write_report(tmp_path / "bad.pdf", **bad)
    assert not (tmp_path / "bad.pdf").exists()
    assert not list(tmp_path.glob(".*.partial"))


def test_stored_report_is_reissued_with_its_text(
    cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path
) -> None:
    options = ReportOptions(
        title="Weekly",
        number="SR-9",
        tlp="TLP:GREEN",
        start=date(2025, 12, 1),
        end=date(2025, 12, 31),
        filters={"event_type": ["Battles"]},
        bluf="Guards died.",
        recipients=["HQ", "Ops"],
    )
    report_id = cf.reports.save(options).created
    assert report_id is not None
    stored = cf.reports.get(report_id)
    assert (stored.title, stored.filters, stored.recipients) == (
        "Weekly",
        options.filters,
        ["HQ", "Ops"],
    )
    assert [r.id for r in cf.reports.all()] == [report_id]
    text = "\n".join(_text(cf.write_report(tmp_path / "again.pdf", report_id=report_id)))
    assert "Guards died." in text and "TLP:GREEN" in text and "Drone strike" not in text


def test_filters_narrow_the_report(
    cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path
) -> None:
    path = cf.write_report(
        tmp_path / "f.pdf",
        start=date(2025, 11, 1),
        end=date(2025, 12, 31),
        filters={"min_killed": 4},
    )
    text = "\n".join(_text(path))
    assert "Border post attacked" in text and "Drone strike" not in text


def test_size_per_page_stays_small(cf: casefile.CaseFile, tmp_path: Path) -> None:
    for day in range(1, 29):
        cf.add_incident(
            title=f"Clash {day} near Хоруғ 边境",
            event_date=date(2025, 2, day),
            event_type="Battles",
            sub_event_type="Armed clash",
            narrative="Gunfire was exchanged across the river. " * 8,
            casualties=[CasualtyCount(kind="killed", best=day % 4)],
        )
    path = cf.write_report(tmp_path / "big.pdf", start=date(2025, 2, 1), end=date(2025, 2, 28))
    pages = len(PdfReader(path).pages)
    assert path.stat().st_size / pages <= 60 * 1024


def test_photos_are_downscaled(cf: casefile.CaseFile, tmp_path: Path) -> None:
    import io

    from PIL import Image

    incident = cf.add_incident(title="Mine camp after the strike", event_date=date(2025, 11, 26))
    picture = io.BytesIO()
    Image.linear_gradient("L").resize((3000, 2000)).convert("RGB").save(picture, "PNG")
    cf.attachments.add(
        data=picture.getvalue(),
        filename="camp.png",
        incident_id=incident.created,
        caption="The camp, 27 November",
    )
    path = cf.write_report(
        tmp_path / "photo.pdf", start=date(2025, 11, 1), end=date(2025, 11, 30), photos=True
    )
    reader = PdfReader(path)
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    assert max(images[0].image.size) <= 900
    assert "The camp, 27 November" in "".join(p.extract_text() for p in reader.pages)
    assert path.stat().st_size < 400 * 1024


def test_progress_is_reported_and_a_cancel_leaves_nothing(
    cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    cf.write_report(
        tmp_path / "p.pdf", progress=lambda done, total: seen.append((done, total)), **OPTIONS
    )
    assert seen and seen[-1][0] == seen[-1][1]

    def cancel(done: int, total: int) -> None:
        raise errors.Cancelled()

    with pytest.raises(errors.Cancelled):
        cf.write_report(tmp_path / "c.pdf", progress=cancel, **OPTIONS)
    # The open case file's -wal and -shm companions are SQLite's, not the report's.
    written = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("case."))
    assert written == ["p.pdf"]


def test_icd_203_terms_are_emphasised_whole() -> None:
    from casefile.sitrep.assessment import emphasise_terms

    assert emphasise_terms("Raids are very unlikely; ISKP is Likely behind it.") == (
        "Raids are <b>very unlikely</b>; ISKP is <b>Likely</b> behind it."
    )
    assert emphasise_terms("unlikelyhood") == "unlikelyhood"


@pytest.mark.parametrize(
    "text",
    [
        "Border guards  exchanged\nfire at night",
        " padded ",
        "Khorugh — “quoted” é ü",
        "tab\there",
    ],
)
@pytest.mark.parametrize("style_name", ["Body", "CellBold", "Muted"])
def test_plain_paragraph_matches_the_parser(text: str, style_name: str) -> None:
    """The parser-free paragraph of plain text carries exactly the parser's fragment."""
    from reportlab.platypus import Paragraph

    from casefile.sitrep import blocks, fonts

    chosen = blocks.style(style_name)
    fast = blocks.para(text, style_name)
    parsed = Paragraph(fonts.markup(text, bold="Bold" in chosen.fontName), chosen)
    assert [vars(f) for f in fast.frags] == [vars(f) for f in parsed.frags]
    assert fast.text == parsed.text


def test_our_fonts_and_tables_change_no_byte_of_a_report(
    cf: casefile.CaseFile,
    border: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids in the file
    issued = dict(OPTIONS, issued_at=datetime(2025, 12, 31, 12, tzinfo=UTC))
    fast = cf.write_report(tmp_path / "fast.pdf", **issued).read_bytes()
    # ReportLab's own measuring, splitting and table measuring throughout.
    monkeypatch.setattr(fonts.MeasuredFont, "stringWidth", TTFont.stringWidth)
    monkeypatch.setattr(fonts.MeasuredFont, "splitString", TTFont.splitString)
    monkeypatch.setattr(blocks.MemoTable, "_calc", Table._calc)
    monkeypatch.setattr(linebreak, "_HELPERS", None)  # ReportLab's own line breaking
    plain = cf.write_report(tmp_path / "plain.pdf", **issued).read_bytes()
    assert fast == plain


def _split_long_grid() -> list[tuple[int, list[float]]]:
    """A 300-row grid wrapped and split as a frame does: each part's rows and their heights."""
    rows = [
        [blocks.para(f"Clash near Khorugh {i} " * (i % 9 + 1), "Cell"), str(i)] for i in range(300)
    ]
    table = blocks.grid(["Incident", "#"], rows, [300, 60])
    table.wrap(400, 500)
    parts = table.split(400, 500)
    for part in parts:
        part.wrap(400, 500)
    return [(len(p._cellvalues), list(p._rowHeights)) for p in parts]


def test_a_table_measured_once_splits_as_reportlab_measures_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    once = _split_long_grid()
    monkeypatch.setattr(blocks.MemoTable, "_calc", Table._calc)
    assert once == _split_long_grid()
    assert len(once) == 2


def test_bidi_marks_are_not_printed(
    cf: casefile.CaseFile, border: dict[str, str], tmp_path: Path
) -> None:
    # Fonts have no glyph for them: they would print as boxes beside the names.
    marked = "\u2067کابل\u2069 \u202bفیض آباد\u202c\u200f"
    cf.update_incident(border["mine"], title=f"Strike near {marked}")
    path = cf.write_report(tmp_path / "marks.pdf", **{**OPTIONS, "title": f"Near {marked}"})
    text = "\n".join(_text(path))
    assert "Strike near" in text
    marks = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert not set(text) & set(marks)
    assert PdfReader(path).metadata.title == "Near کابل فیض آباد"  # type: ignore[union-attr]
