"""Build the wheel, install it into a fresh virtual environment and run Casefile from there.

An editable install finds every file in the checkout, so it hides a resource the wheel
leaves out. This check builds the wheel as a user would get it, checks it holds the fonts,
the demo case, the icons and the migrations, installs it (with its dependencies, from pip's
cache once they have been fetched) into a new environment in a temporary folder, and runs
the `casefile` command there, from a folder outside the checkout, so nothing is imported
from the source tree. `make test` runs it; it prints how long each step took.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")

# Folders whose every file must be in the wheel, by their place in the installed package.
SHIPPED = {
    ROOT / "resources": "casefile/resources",
    ROOT / "casefile" / "store" / "migrations": "casefile/store/migrations",
}


def main() -> int:
    """Run every step; print what failed and return 1 on the first failure."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="casefile-wheel-") as tmp:
        work = Path(tmp)
        try:
            wheel = _step("build the wheel", lambda: build(work / "dist"))
            _step("check its files", lambda: check_contents(wheel))
            python = _step("install it in a fresh environment", lambda: install(wheel, work))
            _step("run casefile from it", lambda: run_commands(python, work / "run"))
        except CheckFailed as exc:
            print(f"check-wheel: {exc}", file=sys.stderr)
            return 1
    print(f"check-wheel: the installed wheel works ({time.perf_counter() - started:.0f} s)")
    return 0


class CheckFailed(Exception):
    """A step of the check failed; the message says which and why."""


def build(dist: Path) -> Path:
    """Build the project's wheel (without its dependencies) into `dist`, from a copy.

    setuptools builds in the source folder (build/, *.egg-info), and a stale build/lib
    would put modules deleted since into the wheel: a copy of the files a clone would
    have (and any new ones not yet committed) is what a user's build starts from.
    """
    source = dist.parent / "source"
    _copy_sources(source)
    pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    _run([*pip, "-w", str(dist), str(source)])
    wheels = list(dist.glob("casefile-*.whl"))
    if len(wheels) != 1:
        raise CheckFailed(f"expected one casefile wheel in {dist}, found {wheels}")
    return wheels[0]


def _copy_sources(target: Path) -> None:
    """Copy the project's files, as git lists them (tracked, or new and not ignored)."""
    try:
        listed = _run(["git", "-C", str(ROOT), "ls-files", "-z", "-co", "--exclude-standard"])
    except (CheckFailed, OSError):  # not a git checkout: copy all but what builds leave
        junk = shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__")
        shutil.copytree(ROOT, target, ignore=junk)
        return
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if path.is_file():  # a file deleted but not yet committed is still listed
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / name)


def check_contents(wheel: Path) -> None:
    """The wheel holds every file of resources/ and of the migrations, and the ui package."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    wanted = {"ui/__init__.py", "ui/launch.py", "casefile/resources/demo/border-incidents.toml"}
    for folder, installed in SHIPPED.items():
        for path in folder.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                wanted.add(f"{installed}/{path.relative_to(folder).as_posix()}")
    if not any(n.startswith("casefile/resources/fonts/") and n.endswith(".ttf") for n in names):
        raise CheckFailed("the wheel has no fonts")
    missing = sorted(wanted - names)
    if missing:
        raise CheckFailed(f"the wheel lacks {len(missing)} files: {', '.join(missing[:8])}")


def install(wheel: Path, work: Path) -> Path:
    """A new virtual environment with the wheel and its dependencies; returns its python."""
    env = work / "venv"
    venv.create(env, with_pip=True)
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # No .pyc files for every dependency: the check imports little of them.
    _run([*pip, "--no-compile", str(wheel)])
    return python


def run_commands(python: Path, folder: Path) -> None:
    """Run the installed `casefile` command from a folder outside the source tree."""
    folder.mkdir()
    command = python.parent / ("casefile.exe" if os.name == "nt" else "casefile")
    case, pdf = folder / "border.casefile", folder / "border.pdf"
    where = _run(
        [str(python), "-c", "import casefile, ui; print(casefile.__file__, ui.__file__)"], folder
    )
    if str(ROOT) in where:
        raise CheckFailed(f"the fresh environment imported the checkout: {where.strip()}")
    _run([str(command), "demo", str(case)], folder)
    _run([str(command), "search", str(case), "border"], folder)
    _run([str(command), "report", str(case), "-o", str(pdf)], folder)
    _run([str(command), "verify", str(case)], folder)
    if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
        raise CheckFailed(f"casefile report wrote no PDF at {pdf}")


def _step(name: str, action: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = action()
    print(f"check-wheel: {name}: {time.perf_counter() - started:.1f} s")
    return result


def _run(args: Sequence[str], cwd: Path | None = None) -> str:
    """Run a command with a clean environment; its output, or CheckFailed with its errors."""
    home = Path(tempfile.gettempdir())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    # Logs and data go to the temporary folder, never to the user's profile.
    if cwd is not None:
        for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[name] = str(cwd / name.lower())
    done = subprocess.run(
        args, cwd=cwd or home, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        shown = " ".join(Path(a).name if os.sep in a else a for a in args)
        raise CheckFailed(f"`{shown}` exited {done.returncode}:\n{done.stderr.strip()}")
    return done.stdout


if __name__ == "__main__":
    sys.exit(main())
