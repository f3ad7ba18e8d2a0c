"""Render the demo case's reports to PNG pages with pdftoppm, to look at as a reader would.

    .venv/bin/python scripts/render_report.py [OUT_DIR]

Writes a situation report and a flash report of the demo case (with Dari, Tajik and
Chinese text added to it), then one PNG per page. Look at every page, Arabic script
in particular: letters joined, words in right-to-left order, digits left to right.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import casefile  # noqa: E402 - after the path is set, so the checkout is used

DARI_TITLE = "حمله بر پاسگاه مرزی در Shamsiddin Shohin ۲۳ دسامبر 2025"
DARI_NARRATIVE = (
    "کمیته دولتی امنیت ملی تاجیکستان اعلام کرد که سه فرد مسلح شامگاه ۲ جدی (۲۳ دسامبر) "
    "وارد خاک تاجیکستان شدند و به یک پاسگاه مرزی در ولسوالی شمس‌الدین شاهین حمله کردند. "
    "Two Tajik border guards were killed; the SCNS named no group."
)
PASHTO = "د طالبانو ویاند وویل چې افغانستان د ګاونډیو هېوادونو لپاره ګواښ نه دی"


def enrich(cf: casefile.CaseFile) -> str:
    """Add a Dari source report and narrative to the demo's December incident; its id."""
    december = next(i for i in cf.list_incidents(limit=50) if i.event_date == date(2025, 12, 23))
    source = cf.sources.add(name="طلوع‌نیوز (TOLOnews)", reliability="C", kind="news").created
    report = cf.sources.add_report(
        source_id=source,
        title=DARI_TITLE,
        url="https://tolonews.com/fa/afghanistan-000000",
        accessed=date(2025, 12, 24),
        language="fa-AF",
    ).created
    cf.sources.cite(incident_id=december.id, report_id=report, credibility=3)
    incident = cf.get_incident(december.id)
    cf.update_incident(december.id, narrative=f"{incident.narrative}\n\n{DARI_NARRATIVE}")
    return december.id


def write(cf: casefile.CaseFile, out: Path, incident_id: str) -> list[Path]:
    """The two templates of the demo case."""
    sitrep = cf.write_report(
        out / "demo-sitrep.pdf",
        start=date(2025, 11, 1),
        end=date(2025, 12, 31),
        title="Tajik–Afghan border: attacks on Chinese interests",
        number="SR-2025-12-01",
        tlp="TLP:AMBER",
        originator="Field office Dushanbe",
        recipients=["HQ Security"],
        bluf="Cross-border attacks from Badakhshan killed at least 18 people in November and "
        "December, five of them Chinese nationals. ISKP is likely responsible.",
        key_judgments="ISKP is likely behind the November attacks on Chinese workers.\n"
        f"Further raids before spring are very likely. {PASHTO}.",
        outlook="Chinese firms near the border will likely withdraw staff.",
    )
    flash = cf.write_report(
        out / "demo-flash.pdf",
        template="flash",
        incident_id=incident_id,
        title="Border post attacked in Shamsiddin Shohin",
        number="FL-2025-12-23",
        tlp="TLP:RED",
        originator="Field office Dushanbe",
        recipients=["HQ Security"],
        bluf="Three armed men crossed from Afghanistan and attacked a border post; "
        "two guards and the three attackers died.",
    )
    return [sitrep, flash]


def main(argv: list[str]) -> int:
    """Write the demo reports and their PNG pages; print where they are."""
    if not shutil.which("pdftoppm"):
        print("pdftoppm is not installed (poppler-utils)", file=sys.stderr)
        return 1
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="casefile-render-"))
    out.mkdir(parents=True, exist_ok=True)
    case = out / "demo.casefile"
    case.unlink(missing_ok=True)
    with casefile.open(case, author="render") as cf:
        cf.load_demo()
        pdfs = write(cf, out, enrich(cf))
    for pdf in pdfs:
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", str(pdf), str(pdf.with_suffix(""))], check=True
        )
    for png in sorted(out.glob("*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
