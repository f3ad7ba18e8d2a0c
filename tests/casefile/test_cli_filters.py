"""The command line refuses a filter value that names nothing, instead of finding nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

import casefile
from casefile.cli import main


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo case, made once for these tests (they only read it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.casefile"
    assert main(["demo", str(path)]) == 0
    return path


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--country", "XX", "--country: 'XX' is not a known country; use Tajikistan, TJ"),
        ("--country", "Tajikstan", "did you mean Tajikistan?"),
        ("--type", "Battle", "--type: 'Battle' is not a known event type; did you mean Battles?"),
        ("--sub-type", "armed clsh", "did you mean Armed clash?"),
        ("--reliability", "G", "use A, B, C, D, E, F"),
    ],
)
@pytest.mark.parametrize("command", ["search", "report"])
def test_an_unknown_filter_value_is_refused_in_one_line(
    demo_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    option: str,
    value: str,
    said: str,
) -> None:
    rest = ["drone"] if command == "search" else ["-o", str(tmp_path / "r.pdf")]
    assert main([command, str(demo_file), *rest, option, value]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and said in err
    assert err.startswith(f"casefile {command}: ")
    assert not (tmp_path / "r.pdf").exists()


def test_known_values_are_taken_and_nothing_found_says_so(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", str(demo_file), "drone", "--country", "TJ", "--reliability", "b"]) == 0
    assert capsys.readouterr().err.strip().endswith("found")
    assert main(["search", str(demo_file), "zzzqqq", "--country", "Tajikistan"]) == 0
    assert capsys.readouterr().err.strip() == "Nothing found"


def test_a_case_without_countries_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.casefile"
    casefile.open(empty).close()
    assert main(["search", str(empty), "x", "--country", "TJ"]) == 2
    assert "this case has no country yet" in capsys.readouterr().err
