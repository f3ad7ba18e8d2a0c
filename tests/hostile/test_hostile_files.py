"""Every command on damaged and crafted case files: no exit 70, no hang, no traceback,
and not a byte changed by a command that only reads.

The files come from one small sound case through a seeded generator (crafted.py); the
figures for the issue are the number of cases collected here, all of which must pass.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casefile
from casefile import cli, errors
from tests.hostile import crafted

LIMIT_S = 60  # per command: far above any normal run, so only a hang reaches it
ROOT = Path(__file__).resolve().parents[2]

# (name, arguments after the case file, reads only)
COMMANDS = [
    ("verify", [], True),
    ("search", ["border"], True),
    ("search-symbols", ["🙂 ???"], True),
    ("search-json", ["khorugh", "--json", "--min-killed", "1", "--tag", "border"], True),
    ("export-csv", ["-o", "{out}/o.csv"], True),
    ("export-json", ["-o", "{out}/o.json", "--format", "json"], True),
    ("report", ["-o", "{out}/o.pdf"], True),
    ("import", ["{csv}"], False),
]


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sound case every hostile file is made from."""
    return crafted.build_sound(tmp_path_factory.mktemp("sound"))


@pytest.fixture(scope="module")
def acled_csv(sound: Path) -> Path:
    """An ACLED CSV to import, exported from the sound case."""
    out = sound.with_name("acled.csv")
    with casefile.open(sound, readonly=True) as cf:
        cf.export(out)
    return out


def _run(argv: list[str]) -> tuple[int, str]:
    """cli.main in a thread with a time limit; (exit status, everything it printed)."""
    result: dict[str, object] = {}
    out = io.StringIO()

    def work() -> None:
        try:
            result["code"] = cli.main(argv)
        except SystemExit as exc:  # argparse
            result["code"] = exc.code
        except BaseException as exc:
            result["escaped"] = exc

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        thread.join(LIMIT_S)
    assert not thread.is_alive(), f"{argv[0]} hung on {argv[1]}"
    assert "escaped" not in result, f"{result.get('escaped')!r} escaped cli.main"
    return int(result["code"]), out.getvalue()  # type: ignore[call-overload]


def _log(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _state(path: Path) -> tuple[str | None, list[str]]:
    """The case file's digest (None unless a regular file) and the files beside it."""
    digest = _digest(path)
    beside = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))
    return digest, beside


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize("maker", list(crafted.MAKERS))
def test_every_command_on_every_hostile_file(
    sound: Path, acled_csv: Path, tmp_path: Path, maker: str, command: tuple
) -> None:
    name, extra, reads_only = command
    target = crafted.MAKERS[maker](sound, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    before = _state(target)
    before_log = _digest(_log(target))
    argv = [name.split("-")[0], str(target)]
    argv += [a.format(out=out, csv=acled_csv) for a in extra]
    code, printed = _run(argv)
    assert code in (0, 1), f"exit {code}: {printed}"
    assert "Traceback" not in printed
    assert all(len(line) < 600 for line in printed.splitlines() if line.startswith("casefile:"))
    if reads_only:
        assert _state(target) == before, "a command that only reads changed the file"
        assert _digest(_log(target)) == before_log, "a command that only reads changed the log"
        leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
        assert leftovers == [], "a partial output was left behind"


@pytest.mark.parametrize("maker", ["attachment-escape", "attachment-absolute"])
def test_a_crafted_attachment_name_writes_only_inside_the_folder(
    sound: Path, tmp_path: Path, maker: str
) -> None:
    target = crafted.MAKERS[maker](sound, tmp_path)
    folder = tmp_path / "open"
    folder.mkdir()
    with casefile.open(target, readonly=True) as cf:
        (attachment,) = cf.attachments.of(incident_id=cf.incident_ids()[0])
        written = cf.attachments.copy_out(attachment.id, folder)
    assert written.parent == folder and os.listdir(folder) == [written.name]


# The app's start costs a few seconds each: one of each kind of harm.
SMOKE = ["empty", "fifo", "flip3", "bad-utf8", "wal-page"]


@pytest.mark.parametrize("maker", SMOKE)
def test_the_app_starts_or_refuses_in_one_line(sound: Path, tmp_path: Path, maker: str) -> None:
    target = crafted.MAKERS[maker](sound, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "ui.launch", "gui", str(target), "--smoke"],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    if maker.startswith("wal-"):
        assert "warning" in done.stderr and "-wal" in done.stderr  # what may be lost is said


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(st.integers(100, 10**6), st.integers(1, 255)), min_size=1, max_size=40))
def test_verify_reports_any_flips_and_changes_nothing(
    sound: Path, tmp_path_factory: pytest.TempPathFactory, flips: list[tuple[int, int]]
) -> None:
    target = tmp_path_factory.mktemp("flips") / "x.casefile"
    data = bytearray(sound.read_bytes())
    for offset, mask in flips:
        data[offset % len(data)] ^= mask
    target.write_bytes(bytes(data))
    try:
        with casefile.open(target, readonly=True) as cf:
            cf.protect.verify()
            cf.search("border")
    except errors.CasefileError:
        pass
    assert target.read_bytes() == bytes(data)
    assert _state(target)[1] == [target.name]
