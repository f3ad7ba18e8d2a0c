"""Peak memory of attaching, opening (copy_out) and verifying a 200 MB attachment.

Each step runs in a fresh subprocess and reports its ru_maxrss; the baseline is the same
subprocess opening the case and doing nothing. Target: every step under 150 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SIZE = 200 * 1024 * 1024
TARGET_MB = 150
STEP = r"""
import resource, sys
from datetime import date
import casefile
step, case, big = sys.argv[1:4]
with casefile.open(case) as cf:
    if step == "attach":
        incident = cf.add_incident(title="A", event_date=date(2025, 1, 1)).created
        cf.attachments.add(big, incident_id=incident)
    elif step == "open":
        attachment = cf.attachments.of(incident_id=cf.incident_ids()[0])[0]
        cf.attachments.copy_out(attachment.id).unlink()
    elif step == "verify":
        assert cf.protect.verify() == []
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def _peak_mb(step: str, case: Path, big: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", STEP, step, str(case), str(big)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Print each step's peak memory beside the baseline; 0 when all are under the target."""
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.bin"
        with big.open("wb") as out:
            for _ in range(SIZE // (1 << 20)):
                out.write(os.urandom(1 << 20))
        case = Path(folder) / "big.casefile"
        baseline = _peak_mb("baseline", case, big)
        peaks = {step: _peak_mb(step, case, big) for step in ("attach", "open", "verify")}
    print(f"baseline (open the case, nothing else): {baseline} MB")
    for step, peak in peaks.items():
        print(f"{step} a 200 MB attachment: {peak} MB peak (target < {TARGET_MB} MB)")
    return 0 if all(peak < TARGET_MB for peak in peaks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
