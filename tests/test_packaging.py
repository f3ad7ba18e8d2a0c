"""pyproject.toml's hand-kept list of packages names every package of the source tree."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    folders = {name: ROOT / name for name in ("casefile", "ui")}
    folders |= {name: ROOT / folder for name, folder in setuptools["package-dir"].items()}
    found = {
        ".".join((name, *init.parent.relative_to(top).parts))
        for name, top in folders.items()
        for init in top.rglob("__init__.py")
    }
    # The data folders of a mapped folder (resources/demo, ...) ship as packages of their own.
    found |= {
        f"{name}.{folder.name}"
        for name, top in setuptools["package-dir"].items()
        for folder in (ROOT / top).iterdir()
        if folder.is_dir() and folder.name != "__pycache__"
    }
    assert sorted(found) == sorted(setuptools["packages"])


def test_every_data_folder_ships_all_its_files() -> None:
    """Each data folder of resources/ is a package whose package-data takes every file."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    for name, top in setuptools["package-dir"].items():
        for folder in (ROOT / top).iterdir():
            if folder.is_dir() and folder.name != "__pycache__":
                assert setuptools["package-data"][f"{name}.{folder.name}"] == ["*"], folder


def test_every_package_folder_has_an_init() -> None:
    """A folder of modules without __init__.py would be left out of the wheel unnoticed."""
    bare = [
        str(folder.relative_to(ROOT))
        for top in ("casefile", "ui")
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]
        if folder.is_dir()
        and folder.name != "__pycache__"
        and any(folder.glob("*.py"))
        and not (folder / "__init__.py").exists()
    ]
    assert bare == []
