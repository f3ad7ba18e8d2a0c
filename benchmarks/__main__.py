"""Run every benchmark module (benchmarks/*_bench.py), or those named on the command line."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run each benchmark's main() in turn and report which failed."""
    here = Path(__file__).parent
    names = argv or sorted(p.stem for p in here.glob("*_bench.py"))
    failed = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        if module.main() != 0:
            failed.append(name)
        print(f"({name} took {time.perf_counter() - started:.0f} s)", flush=True)
    if failed:
        print(f"\nMissed targets: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
