"""Every command that writes, run against a full disk: a one-line error, the case whole.

A full disk is made without root: the command runs in a child process whose largest file
is capped (RLIMIT_FSIZE) with SIGXFSZ ignored, so a write past the cap fails with EFBIG
(as ENOSPC would on a full disk). Where the case is written the cap sits at its size:
writing over pages it already has succeeds (as on a full disk, where that takes no new
space), growing it or its log fails. Where the case is only read, or a new one is made,
the cap is below what the output or the new file needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import casefile
from tests.hostile import crafted

ROOT = Path(__file__).resolve().parents[2]
# The cap is set in the child itself (no preexec_fn: forking a process with threads), and
# SIGXFSZ ignored: its default action would kill the child instead of failing the write.
RUN_CLI = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from casefile import cli
sys.exit(cli.main(sys.argv[2:]))
"""
EARLIER = b"an earlier good file\n"
LIMIT_S = 120
PASSPHRASE_ENV = "CASEFILE_TEST_BUNDLE_PASSPHRASE"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sound case (12 incidents, a source, an attachment), no -wal beside it."""
    return crafted.build_sound(tmp_path_factory.mktemp("sound"))


@pytest.fixture(scope="module")
def other_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CSV of 12 incidents the sound case does not hold (another case's export)."""
    folder = tmp_path_factory.mktemp("other")
    path = folder / "other.csv"
    with casefile.open(crafted.build_sound(folder), readonly=True) as cf:
        cf.export(path)
    return path


def run_full(limit: int, home: Path, *argv: str | Path) -> tuple[int, str]:
    """Run the command line in a child whose files cannot grow past `limit` bytes."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        PASSPHRASE_ENV: "correct horse battery staple",
    }
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI, str(limit), *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        cwd=ROOT,
        env=env,
    )
    return done.returncode, done.stderr + done.stdout


def assert_refused(code: int, printed: str) -> None:
    """Exit 1 with one line saying so: no traceback, no exit 70."""
    assert code == 1, printed
    assert "Traceback" not in printed
    lines = [line for line in printed.splitlines() if line.startswith("casefile:")]
    assert len(lines) == 1, printed
    assert "full" in lines[0] or "too large" in lines[0].lower(), printed


def assert_whole_alone(case: Path, incidents: int, tmp_path: Path) -> None:
    """The .casefile on its own (no -wal, no -shm) opens, verifies and holds `incidents`."""
    beside = [p.name for p in case.parent.iterdir() if p.name.startswith(case.name + "-")]
    assert beside == [], f"left beside the case: {beside}"
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(case, alone / case.name)
    with casefile.open(alone / case.name, readonly=True) as cf:
        assert cf.protect.verify() == []
        assert cf.count_incidents() == incidents


def nothing_partial(folder: Path) -> list[str]:
    """Temporary files left in `folder` (a partial output or a case being built)."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


@pytest.fixture
def case(sound: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sound case, in a folder of its own."""
    folder = tmp_path / "work"
    folder.mkdir()
    return Path(shutil.copy(sound, folder / "case.casefile"))


@pytest.mark.parametrize("command", ["demo", "import"])
@pytest.mark.parametrize("limit", [16 * 1024, 400 * 1024])
def test_a_new_case_on_a_full_disk_leaves_nothing(
    other_csv: Path, tmp_path: Path, command: str, limit: int
) -> None:
    # 16 KB: the new file cannot be built; 400 KB: it can, but not filled.
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / "new.casefile"
    argv = [command, target] + ([other_csv] if command == "import" else [])
    code, printed = run_full(limit, tmp_path, *argv)
    assert_refused(code, printed)
    assert os.listdir(folder) == []


def test_importing_into_a_case_on_a_full_disk_changes_nothing(
    case: Path, other_csv: Path, tmp_path: Path
) -> None:
    before = case.read_bytes()
    # The log may grow a little past the case's size, the case itself not at all.
    code, printed = run_full(len(before) + 4096, tmp_path, "import", case, other_csv)
    assert_refused(code, printed)
    assert_whole_alone(case, 12, tmp_path)
    assert nothing_partial(case.parent) == []


def test_importing_with_no_room_for_the_log_changes_nothing(
    case: Path, other_csv: Path, tmp_path: Path
) -> None:
    code, printed = run_full(64 * 1024, tmp_path, "import", case, other_csv)
    assert_refused(code, printed)
    assert_whole_alone(case, 12, tmp_path)


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("export", ["--format", "csv"]),
        ("export", ["--format", "json"]),
        ("report", []),
    ],
)
def test_an_output_on_a_full_disk_keeps_the_earlier_file(
    case: Path, tmp_path: Path, command: str, extra: list[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "earlier.out"
    earlier.write_bytes(EARLIER)
    before = case.read_bytes()
    code, printed = run_full(2048, tmp_path, command, case, "-o", earlier, *extra)
    assert_refused(code, printed)
    assert earlier.read_bytes() == EARLIER
    assert nothing_partial(out) == []
    assert case.read_bytes() == before
    assert_whole_alone(case, 12, tmp_path)


@pytest.mark.parametrize(
    "argv",
    [
        ["backup", "{case}", "-o", "{out}/copy.casefile"],
        ["bundle", "export", "{case}", "-o", "{out}/hq.bundle", "--passphrase-env", "{env}"],
    ],
    ids=["backup", "bundle"],
)
def test_a_copy_or_bundle_on_a_full_disk_leaves_no_part(
    case: Path, tmp_path: Path, argv: list[str]
) -> None:
    with casefile.open(case) as cf:  # 100 KB that do not compress: the output cannot fit
        cf.attachments.add(
            data=os.urandom(100_000), filename="scan.png", incident_id=cf.incident_ids()[0]
        )
    out = tmp_path / "out"
    out.mkdir()
    before = case.read_bytes()
    args = [a.format(case=case, out=out, env=PASSPHRASE_ENV) for a in argv]
    # Room for the -shm (32 KB), not for the output; the case is only read.
    code, printed = run_full(64 * 1024, tmp_path, *args)
    assert_refused(code, printed)
    assert os.listdir(out) == []
    assert case.read_bytes() == before
    assert_whole_alone(case, 12, tmp_path)
