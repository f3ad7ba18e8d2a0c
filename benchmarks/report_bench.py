"""Benchmark: a 1,000-incident situation report in at most 5 s, beside bare ReportLab.

Prints the median time of a few runs, the time of a bare ReportLab document with the
same number of plain paragraphs (built in the same run, as the machine's yardstick),
the file size, page count, KB per page and the peak memory of one report.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

import casefile
from casefile import incidents
from casefile.incidents import ActorRole, CasualtyCount, CitationRef, IncidentData

INCIDENTS = 1000
RUNS = 3
TARGET_SECONDS = 5.0
TARGET_KB_PER_PAGE = 60
START = date(2025, 7, 1)

PLACES = ["Shamsiddin Shohin", "Хоруғ", "Darvoz", "Ишкошим", "Panj", "Farkhor", "Mir Said Ali"]
TITLES = [
    "Armed clash at border post near {place}",
    "Нападение на пограничную заставу у {place}",
    "中国公民在{place}附近遇袭",
    "Drone strike on mining camp near {place}",
    "حمله بر پاسگاه مرزی در {place}",
]
NARRATIVE = (
    "Border guards exchanged fire with an armed group that crossed the Panj river at night. "
    "The group withdrew towards Badakhshan; local sources report the attackers were armed "
    "with rifles and a grenade launcher. Tajik authorities closed the crossing for a day."
)


def build_case(path: Path) -> None:
    """A case of INCIDENTS incidents over six months, each citing one or two of 40 reports."""
    with casefile.open(path, author="bench") as cf:
        reports = []
        for n in range(40):
            source = cf.add_source(name=f"Source {n}", reliability="ABCDEF"[n % 6]).created
            reports.append(
                cf.add_source_report(
                    source_id=source,
                    title=f"Report {n}: Пограничники ҳамла 边境",
                    url=f"https://example.org/news/{n}",
                    accessed=START,
                ).created
            )
        with cf.transactions.transaction("Benchmark data") as tx:
            for i in range(INCIDENTS):
                incidents.store(tx.session, _incident(i, reports), author="bench")


def _incident(i: int, reports: list[str]) -> IncidentData:
    place = PLACES[i % len(PLACES)]
    return IncidentData(
        title=TITLES[i % len(TITLES)].format(place=place),
        event_date=START + timedelta(days=i * 183 // INCIDENTS),
        event_type="Battles",
        sub_event_type="Armed clash",
        country_code="TJ",
        country="Tajikistan",
        admin1="Khatlon",
        location=place,
        narrative=NARRATIVE,
        casualties=[
            CasualtyCount(kind="killed", best=i % 4, group="Tajik border guards", nationality="TJ"),
            CasualtyCount(kind="injured", best=i % 3),
        ],
        actors=[ActorRole(name="ISKP", role="suspected", likelihood="likely")],
        citations=[
            CitationRef(report_id=reports[i % 40], credibility=2),
            CitationRef(report_id=reports[(i * 7 + 3) % 40], credibility=3),
        ][: 1 + i % 2],
    )


def report(case: Path, out: Path) -> float:
    """Seconds to write the six-month situation report."""
    with casefile.open(case) as cf:
        started = time.perf_counter()
        cf.write_report(
            out,
            start=START,
            end=START + timedelta(days=183),
            title="Tajik–Afghan border, second half of 2025",
            number="SR-BENCH",
            tlp="TLP:AMBER",
            bluf="Benchmark.",
        )
        return time.perf_counter() - started


def bare(out: Path) -> float:
    """Seconds for plain ReportLab: a title and a narrative paragraph per incident."""
    styles = getSampleStyleSheet()
    started = time.perf_counter()
    story = []
    for i in range(INCIDENTS):
        story.append(Paragraph(f"Incident {i}", styles["Heading3"]))
        story.append(Paragraph(NARRATIVE, styles["BodyText"]))
    SimpleDocTemplate(str(out), pagesize=A4).build(story)
    return time.perf_counter() - started


def main() -> int:
    """Run the benchmark; 0 when the time and size targets are met."""
    with tempfile.TemporaryDirectory() as folder:
        case, out = Path(folder) / "bench.casefile", Path(folder) / "sitrep.pdf"
        started = time.perf_counter()
        build_case(case)
        print(f"built {INCIDENTS} incidents in {time.perf_counter() - started:.1f} s")
        times = [report(case, out) for _ in range(RUNS)]
        baseline = statistics.median(bare(Path(folder) / "bare.pdf") for _ in range(RUNS))
        tracemalloc.start()
        report(case, out)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size, pages = out.stat().st_size, len(PdfReader(out).pages)
    median = statistics.median(times)
    per_page = size / 1024 / pages
    print(
        f"situation report: median {median:.2f} s of {RUNS} runs "
        f"(bare ReportLab, same paragraphs: {baseline:.2f} s; target <= {TARGET_SECONDS} s)"
    )
    print(
        f"size {size / 1024:.0f} KB, {pages} pages, {per_page:.1f} KB/page "
        f"(target <= {TARGET_KB_PER_PAGE}); peak traced memory {peak / 2**20:.0f} MB"
    )
    return 0 if median <= TARGET_SECONDS and per_page <= TARGET_KB_PER_PAGE else 1


if __name__ == "__main__":
    raise SystemExit(main())
