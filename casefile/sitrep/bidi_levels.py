"""Bidi embedding levels of a paragraph (Unicode rules P2–I2, with the bracket rule N0).

The reference is python-bidi's Python implementation, one dict per character, plus our
rule N0 (`reference_levels`). Report text holds no explicit embeddings, overrides or
isolates, so its paragraphs make one level run; for those `levels` applies the same rules
as regular expressions over a string of one letter per bidi class, which run in C. A
hypothesis test holds the two equal; any other text goes to the reference.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bidi import algorithm


def levels(text: str, base: int | None = None) -> tuple[int, list[int]]:
    """The paragraph level and each character's resolved embedding level."""
    quick = _quick_levels(text, base)
    return quick if quick is not None else reference_levels(text, base)


def reference_levels(text: str, base: int | None = None) -> tuple[int, list[int]]:
    """`levels` by python-bidi's algorithm, character by character: the slow reference.

    python-bidi's Python version knows no isolates and no unassigned characters (it
    asserts); they are read as what older bidi implementations made of them (`_stand_in`).
    """
    written = _stand_in(text)
    classes = [unicodedata.bidirectional(c) for c in written]
    kept = [i for i, bidi_class in enumerate(classes) if bidi_class != "BN"]
    stripped = "".join(written[i] for i in kept)
    storage = algorithm.get_empty_storage()
    storage["base_level"] = algorithm.get_base_level(stripped) if base is None else base
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    algorithm.get_embedding_levels(stripped, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    _resolve_brackets(storage)  # rule N0, which python-bidi's Python version lacks
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    resolved = [c["level"] for c in storage["chars"]]
    # Joiners (BN) and, by rule X9, the embedding and override marks were set aside; each
    # takes the level of the character before it.
    placed = [i for i in kept if classes[i] not in _REMOVED_BY_X9]
    out = [storage["base_level"]] * len(text)
    for index, level in zip(placed, resolved, strict=True):
        out[index] = level
    for i, bidi_class in enumerate(classes):
        if i and (bidi_class == "BN" or bidi_class in _REMOVED_BY_X9):
            out[i] = out[i - 1]
    return storage["base_level"], out


_REMOVED_BY_X9 = frozenset({"RLE", "LRE", "RLO", "LRO", "PDF"})
# Isolates as the embeddings they were before Unicode 6.3; FSI as the direction of its
# first strong letter.
_ISOLATES = {"\u2066": "\u202a", "\u2067": "\u202b", "\u2069": "\u202c"}
_FSI = "\u2068"
# Unassigned code points take the class Unicode gives their block by default: R in the
# blocks kept for right-to-left scripts, AL in the Arabic ones, L elsewhere.
_UNASSIGNED_AL = ((0x0600, 0x07BF), (0x0860, 0x08FF), (0xFB50, 0xFDCF), (0xFDF0, 0xFEFF))
_UNASSIGNED_R = ((0x0590, 0x05FF), (0x07C0, 0x085F), (0xFB1D, 0xFB4F), (0x10800, 0x10FFF))


def _stand_in(text: str) -> str:
    """The text with isolates and unassigned characters replaced, one for one."""
    if not any(c in _ISOLATES or c == _FSI or not unicodedata.bidirectional(c) for c in text):
        return text
    out = []
    for at, char in enumerate(text):
        if char == _FSI:
            strong = _FIRST_STRONG.search(text[at + 1 :].translate(_CLASSES))
            out.append("\u202b" if strong is not None and strong.group() != "L" else "\u202a")
        elif char in _ISOLATES:
            out.append(_ISOLATES[char])
        elif not unicodedata.bidirectional(char):
            out.append(_unassigned(ord(char)))
        else:
            out.append(char)
    return "".join(out)


def _unassigned(code: int) -> str:
    """A letter of the default bidi class of an unassigned code point."""
    if any(low <= code <= high for low, high in _UNASSIGNED_AL):
        return "\u0627"  # ARABIC LETTER ALEF: AL
    if any(low <= code <= high for low, high in _UNASSIGNED_R):
        return "\u05d0"  # HEBREW LETTER ALEF: R
    return "a"


# Paired brackets from Unicode's BidiBrackets.txt, the ones our text can hold.
_OPENING = dict(
    zip(
        "([{⁅⁽₍⌈⌊〈⟨⟦⟪《「『【〔〖〘〚（［｛｟｢",
        ")]}⁆⁾₎⌉⌋〉⟩⟧⟫》」』】〕〗〙〛）］｝｠｣",
        strict=True,
    )
)
_CLOSING = set(_OPENING.values())
_MAX_DEPTH = 63  # BD16: deeper nesting stops the pairing


def _strong(bidi_type: str) -> str | None:
    """L or R for rule N0, numbers counting as R; None for neutrals."""
    if bidi_type == "L":
        return "L"
    return "R" if bidi_type in ("R", "AL", "EN", "AN") else None


def _bracket_pairs(brackets: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Rule BD16: positions of matching opening and closing brackets, by opening position.

    `brackets` holds each candidate's position and character, in order.
    """
    stack: list[tuple[str, int]] = []
    pairs = []
    for index, char in brackets:
        if char in _OPENING:
            if len(stack) == _MAX_DEPTH:
                break
            stack.append((_OPENING[char], index))
        elif char in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_brackets(storage: dict[str, object]) -> None:
    """Rule N0: a bracket pair takes the direction of its content, weighed against its context.

    Without it, "(" and ")" around text of the other direction are resolved one by one
    and can end up facing the wrong way round their content.
    """
    chars: list[dict[str, object]] = storage["chars"]  # type: ignore[assignment]
    embedding = "R" if int(storage["base_level"]) % 2 else "L"  # type: ignore[call-overload]
    candidates = [(i, str(c["ch"])) for i, c in enumerate(chars) if c["type"] == "ON"]
    for opening, closing in _bracket_pairs(candidates):
        inside = {_strong(str(c["type"])) for c in chars[opening + 1 : closing]} - {None}
        if not inside:
            continue
        direction = embedding
        if embedding not in inside:
            before = (_strong(str(c["type"])) for c in reversed(chars[:opening]))
            direction = next((d for d in before if d), embedding)
        for index in (opening, closing):
            chars[index]["type"] = direction
            follower = index + 1  # marks on a bracket follow it
            while follower < len(chars) and chars[follower]["orig"] == "NSM":
                chars[follower]["type"] = direction
                follower += 1


# The quick path. Each bidi class becomes one letter; X stands for the explicit
# embeddings, overrides and isolates, and for unassigned characters: the reference's.
_LETTERS = {
    "L": "L",
    "R": "R",
    "AL": "A",
    "EN": "E",
    "ES": "s",
    "ET": "t",
    "AN": "N",
    "CS": "c",
    "NSM": "m",
    "BN": "b",
    "B": "B",
    "S": "S",
    "WS": "W",
    "ON": "O",
}


class _Classes(dict[int, str]):
    """Code point -> its bidi class letter, for str.translate; filled as characters come."""

    def __missing__(self, code: int) -> str:
        letter = self[code] = _LETTERS.get(unicodedata.bidirectional(chr(code)), "X")
        return letter


_CLASSES = _Classes()
_FIRST_STRONG = re.compile("[LRA]")
_BRACKETS = re.compile("[" + re.escape("".join(_OPENING) + "".join(_CLOSING)) + "]")


def _quick_levels(text: str, base: int | None) -> tuple[int, list[int]] | None:
    """`levels` for a paragraph of one level run; None when the reference must decide."""
    classes = text.translate(_CLASSES)
    if "X" in classes or base not in (None, 0, 1):
        return None
    joiners = "b" in classes
    kept = classes.replace("b", "") if joiners else classes
    if base is None:  # rule P2: the first strong letter (P3: left to right without one)
        first = _FIRST_STRONG.search(kept)
        base = 0 if first is None or first.group() == "L" else 1
    direction = "LR"[base]  # one level run: its sor and eor are the paragraph's direction
    types = _weak(kept, direction)
    if _BRACKETS.search(text):
        chars = _without_joiners(text, classes) if joiners else text
        types = _brackets(types, chars, kept, direction)
    types = _neutral(types, direction)
    resolved = list(types.encode("ascii").translate(_IMPLICIT[base]))
    return base, _with_joiners(classes, resolved, base) if joiners else resolved


def _runs_of(pattern: str, change: Callable[[str], str]) -> Callable[[str], str]:
    """A function that rewrites each match of the pattern in a string by `change`."""
    compiled = re.compile(pattern)
    return lambda s: compiled.sub(lambda m: change(m.group()), s)


# W1: marks take the class before them (the first letter is sor).
_w1 = _runs_of("[^m]m+", lambda run: run[0] * len(run))
# W2: numbers after an Arabic letter, until the next L or R, are Arabic numbers.
_w2 = _runs_of("A[^LR]*", lambda run: run.replace("E", "N"))
# W4: one separator between two numbers of a kind; W5: terminators beside European numbers.
_W4_EUROPEAN = re.compile("(?<=E)[sc](?=E)")
_W4_ARABIC = re.compile("(?<=N)c(?=N)")
_w5 = _runs_of("t+(?=E)|(?<=E)t+", lambda run: "E" * len(run))
_W6 = str.maketrans("stc", "OOO")
# W7: European numbers after L (or sor L), until the next R, are L.
_w7 = _runs_of("L[^R]*", lambda run: run.replace("E", "L"))


def _weak(kept: str, direction: str) -> str:
    """Rules W1–W7 over the class letters of one level run with this sor.

    Each rule is skipped when the letters it changes are absent: most text has no marks,
    terminators or separators between digits.
    """
    s = direction + kept
    if "m" in s:
        s = _w1(s)
    if "A" in s:
        s = (_w2(s) if "E" in s else s).replace("A", "R")  # W3: Arabic letters are R
    if "E" in s or "N" in s:  # both W4 rules read the classes before W4
        s = _W4_ARABIC.sub("N", _W4_EUROPEAN.sub("E", s))
    if "t" in s and "E" in s:
        s = _w5(s)
    s = s.translate(_W6)  # W6: other separators and terminators are neutral
    return (_w7(s) if "E" in s else s)[1:]


_NEUTRALS = re.compile("[BSWO]+")
_AS_STRONG = {"L": "L", "R": "R", "E": "R", "N": "R"}
# A lone neutral between two letters of one direction (most spaces), without a call each.
_LONE_NEUTRAL_R = re.compile("(?<=[REN])[BSWO](?=[REN])")
_LONE_NEUTRAL_L = re.compile("(?<=L)[BSWO](?=L)")


def _neutral(types: str, direction: str) -> str:
    """Rules N1–N2: neutrals between two strong classes alike take theirs, others the run's."""
    s = _LONE_NEUTRAL_L.sub("L", _LONE_NEUTRAL_R.sub("R", direction + types + direction))

    def resolve(match: re.Match[str]) -> str:
        before, after = _AS_STRONG[s[match.start() - 1]], _AS_STRONG[s[match.end()]]
        return (before if before == after else direction) * len(match.group())

    return _NEUTRALS.sub(resolve, s)[1:-1]


def _brackets(types: str, chars: str, classes: str, direction: str) -> str:
    """Rule N0 over class letters, pair by pair as `_resolve_brackets` does."""
    candidates = [(m.start(), m.group()) for m in _BRACKETS.finditer(chars)]
    for opening, closing in _bracket_pairs([(i, c) for i, c in candidates if types[i] == "O"]):
        inside = {_AS_STRONG[t] for t in set(types[opening + 1 : closing]) if t in _AS_STRONG}
        if not inside:
            continue
        resolved = direction
        if direction not in inside:
            last = max(types.rfind(t, 0, opening) for t in _AS_STRONG)
            resolved = _AS_STRONG[types[last]] if last >= 0 else direction
        for index in (opening, closing):
            end = index + 1  # marks on a bracket follow it
            while end < len(types) and classes[end] == "m":
                end += 1
            types = types[:index] + resolved * (end - index) + types[end:]
    return types


def _implicit(base: int) -> bytes:
    """Rules I1–I2 as a bytes.translate table: resolved class letter -> level."""
    table = bytearray(256)
    rises = {"L": 0, "R": 1, "E": 2, "N": 2} if base == 0 else {"L": 1, "R": 0, "E": 1, "N": 1}
    for letter, rise in rises.items():
        table[ord(letter)] = base + rise
    return bytes(table)


_IMPLICIT = (_implicit(0), _implicit(1))


def _without_joiners(text: str, classes: str) -> str:
    """The text without its joiners (BN), as rule X9 sets them aside."""
    return "".join(char for char, letter in zip(text, classes, strict=True) if letter != "b")


def _with_joiners(classes: str, resolved: list[int], base: int) -> list[int]:
    """Levels with the joiners (BN) put back: each takes the level before it (base first)."""
    out: list[int] = []
    kept = iter(resolved)
    for letter in classes:
        out.append((out[-1] if out else base) if letter == "b" else next(kept))
    return out
