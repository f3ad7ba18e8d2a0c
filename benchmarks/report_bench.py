"""Benchmark: a 1,000-incident situation report in at most 5 s, beside bare ReportLab.

The case is the shared synthetic one (Latin, Cyrillic, Arabic script and Chinese).
Prints the median time of a few runs, the time of a bare ReportLab document with as
many plain paragraphs (built in the same run: the machine's yardstick), the size, page
count, KB per page and the peak memory (max RSS) of the process.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

import casefile
from benchmarks import synthetic

INCIDENTS = 1000
RUNS = 5
TARGET_SECONDS = 5.0
TARGET_KB_PER_PAGE = 60
# The synthetic case spreads its incidents over these eleven years.
START, END = date(2015, 1, 1), date(2025, 12, 31)
NARRATIVE = (
    "Border guards exchanged fire with an armed group that crossed the Panj river at night. "
    "The group withdrew towards Badakhshan; local sources report the attackers were armed "
    "with rifles and a grenade launcher. Tajik authorities closed the crossing for a day."
)


def report(case: Path, out: Path) -> tuple[float, float]:
    """Seconds to write the situation report of the whole synthetic case: wall, then CPU.

    CPU time (this process's) is the steadier figure on a machine shared with other work.
    """
    with casefile.open(case) as cf:
        started, cpu = time.perf_counter(), time.process_time()
        cf.write_report(
            out,
            start=START,
            end=END,
            title="Tajik–Afghan border, 2015–2025",
            number="SR-BENCH",
            tlp="TLP:AMBER",
            bluf="Benchmark.",
        )
        return time.perf_counter() - started, time.process_time() - cpu


def bare(out: Path) -> tuple[float, float]:
    """Seconds for plain ReportLab, a title and a narrative paragraph per incident: wall, CPU."""
    styles = getSampleStyleSheet()
    started, cpu = time.perf_counter(), time.process_time()
    story = []
    for i in range(INCIDENTS):
        story.append(Paragraph(f"Incident {i}", styles["Heading3"]))
        story.append(Paragraph(NARRATIVE, styles["BodyText"]))
    SimpleDocTemplate(str(out), pagesize=A4).build(story)
    return time.perf_counter() - started, time.process_time() - cpu


def _rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    """Run the benchmark; 0 when the time and size targets are met."""
    with tempfile.TemporaryDirectory() as folder:
        case, out = Path(folder) / "bench.casefile", Path(folder) / "sitrep.pdf"
        started = time.perf_counter()
        synthetic.generate(case, INCIDENTS)
        print(f"built {INCIDENTS} synthetic incidents in {time.perf_counter() - started:.1f} s")
        before = _rss_mb()
        runs = [report(case, out) for _ in range(RUNS)]
        peak = _rss_mb()
        bares = [bare(Path(folder) / "bare.pdf") for _ in range(RUNS)]
        size, pages = out.stat().st_size, len(PdfReader(out).pages)
    times = [wall for wall, _ in runs]
    cpus = [cpu for _, cpu in runs]
    baseline = statistics.median(wall for wall, _ in bares)
    # The yardstick in CPU time: steadier than wall time on a machine doing other work.
    bare_cpu = statistics.median(cpu for _, cpu in bares)
    median = statistics.median(times)
    per_page = size / 1024 / pages
    print(
        f"situation report: median {median:.2f} s of {RUNS} runs "
        f"(bare ReportLab, same number of paragraphs: {baseline:.2f} s; "
        f"target <= {TARGET_SECONDS} s)"
    )
    first, *rest = times
    print(
        f"  each run: {first:.2f} s (the first in the process: fonts load, memos fill), "
        + ", ".join(f"{t:.2f}" for t in rest)
        + " s"
    )
    print(
        f"  CPU time: median {statistics.median(cpus):.2f} s; each run "
        + ", ".join(f"{t:.2f}" for t in cpus)
        + " s (the first in the process first)"
    )
    later_cpu = statistics.median(cpus[1:]) if len(cpus) > 1 else cpus[0]
    print(
        f"  CPU time against bare ReportLab ({bare_cpu:.2f} s, same run): "
        f"first report {cpus[0] / bare_cpu:.2f}x, later reports {later_cpu / bare_cpu:.2f}x"
    )
    print(
        f"size {size / 1024:.0f} KB, {pages} pages, {per_page:.1f} KB/page "
        f"(target <= {TARGET_KB_PER_PAGE})"
    )
    print(f"peak memory (max RSS) {peak:.0f} MB, {before:.0f} MB before the first report")
    return 0 if median <= TARGET_SECONDS and per_page <= TARGET_KB_PER_PAGE else 1


if __name__ == "__main__":
    raise SystemExit(main())
