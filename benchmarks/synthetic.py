"""Realistic synthetic case files for benchmarks: many incidents in four scripts.

    from benchmarks.synthetic import cached, generate
    path = cached(100_000)            # /tmp/casefile-bench/synthetic-100000-s1.casefile
    generate(Path("x.casefile"), 1_000_000, seed=2)

Incidents are written in Latin (55 %), Tajik/Russian Cyrillic (25 %), Dari/Pashto Arabic
script (12 %) or Chinese (8 %); narrative words follow a Zipf distribution over a
vocabulary of real words and a long tail of made-up ones; places are real towns of the
Tajik-Afghan border region with their provinces and coordinates, in the incident's script
where they have a spelling in it. Each incident has actors, tags, casualties for most,
and citations of graded source reports; `killed` and `source_count` agree with the rows,
so `casefile verify` passes. Rows go in with Core executemany and the search index is
built by one `fts.rebuild` at the end (timed: see `generate`'s return value).

The same seed gives the same file. 100,000 incidents take about half a minute, a million
a few minutes. Run `python -m benchmarks.synthetic N [PATH]` to make one by hand.
"""

from __future__ import annotations

import itertools
import os
import random
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

import casefile
from casefile.records import taxonomy
from casefile.search import fts

# Kept between runs; CASEFILE_BENCH_CACHE points a branch whose schema is newer elsewhere,
# so that opening (and upgrading) the files never changes those other branches read.
CACHE = Path(os.environ.get("CASEFILE_BENCH_CACHE", "/tmp/casefile-bench"))
BATCH = 10_000
ZIPF_S = 1.07
NOW = "2026-01-01 00:00:00.000000"


def _words(text: str) -> list[str]:
    return text.split()


# Real towns: (Latin, Cyrillic or None, Arabic script or None, admin1, country code,
# country, latitude, longitude).
PLACES: list[tuple[str, str | None, str | None, str, str, str, float, float]] = [
    ("Khorugh", "Хоруғ", None, "GBAO", "TJ", "Tajikistan", 37.49, 71.55),
    ("Ishkoshim", "Ишкошим", None, "GBAO", "TJ", "Tajikistan", 36.73, 71.61),
    ("Rushon", "Рушон", None, "GBAO", "TJ", "Tajikistan", 37.95, 71.55),
    ("Vanj", "Ванҷ", None, "GBAO", "TJ", "Tajikistan", 38.37, 71.45),
    ("Qal'ai Khumb", "Қалъаи Хумб", None, "GBAO", "TJ", "Tajikistan", 38.45, 70.79),
    ("Murghob", "Мурғоб", None, "GBAO", "TJ", "Tajikistan", 38.17, 73.96),
    ("Shamsiddin Shohin", "Шамсиддин Шоҳин", None, "Khatlon", "TJ", "Tajikistan", 37.95, 70.13),
    ("Panj", "Панҷ", None, "Khatlon", "TJ", "Tajikistan", 37.24, 69.10),
    ("Farkhor", "Фархор", None, "Khatlon", "TJ", "Tajikistan", 37.49, 69.40),
    ("Kulob", "Кӯлоб", None, "Khatlon", "TJ", "Tajikistan", 37.91, 69.78),
    ("Bokhtar", "Бохтар", None, "Khatlon", "TJ", "Tajikistan", 37.84, 68.78),
    ("Hamadoni", "Ҳамадонӣ", None, "Khatlon", "TJ", "Tajikistan", 37.62, 69.58),
    ("Dushanbe", "Душанбе", None, "Dushanbe", "TJ", "Tajikistan", 38.56, 68.77),
    (
        "Rasht",
        "Рашт",
        None,
        "Districts of Republican Subordination",
        "TJ",
        "Tajikistan",
        39.01,
        70.38,
    ),
    ("Khujand", "Хуҷанд", None, "Sughd", "TJ", "Tajikistan", 40.28, 69.62),
    ("Isfara", "Исфара", None, "Sughd", "TJ", "Tajikistan", 40.13, 70.63),
    ("Faizabad", None, "فیض آباد", "Badakhshan", "AF", "Afghanistan", 37.12, 70.58),
    ("Ishkashim", None, "اشکاشم", "Badakhshan", "AF", "Afghanistan", 36.71, 71.57),
    ("Shighnan", None, "شغنان", "Badakhshan", "AF", "Afghanistan", 37.47, 71.45),
    ("Khwahan", None, "خواهان", "Badakhshan", "AF", "Afghanistan", 37.88, 70.22),
    ("Darwaz", None, "درواز", "Badakhshan", "AF", "Afghanistan", 38.15, 70.90),
    ("Kunduz", None, "کندز", "Kunduz", "AF", "Afghanistan", 36.73, 68.86),
    ("Imam Sahib", None, "امام صاحب", "Kunduz", "AF", "Afghanistan", 37.18, 68.92),
    ("Taloqan", None, "تالقان", "Takhar", "AF", "Afghanistan", 36.74, 69.53),
    ("Mazar-i-Sharif", None, "مزار شریف", "Balkh", "AF", "Afghanistan", 36.71, 67.11),
    ("Kabul", None, "کابل", "Kabul", "AF", "Afghanistan", 34.53, 69.17),
    ("Batken", "Баткен", None, "Batken", "KG", "Kyrgyzstan", 40.06, 70.82),
    ("Osh", "Ош", None, "Osh", "KG", "Kyrgyzstan", 40.53, 72.80),
    ("Termez", "Термез", None, "Surxondaryo", "UZ", "Uzbekistan", 37.22, 67.28),
    ("Tashkurgan", None, None, "Xinjiang", "CN", "China", 37.77, 75.23),
    ("Kashgar", None, None, "Xinjiang", "CN", "China", 39.47, 75.99),
]
CHINESE_PLACES = {"Tashkurgan": "塔什库尔干", "Kashgar": "喀什", "Khorugh": "霍罗格"}

LATIN = _words(
    "the of and in a to was were by on at near border armed group attack police forces "
    "security clash reported killed injured local district village post guards military "
    "fire shots drone strike convoy road bridge checkpoint soldiers militants civilians "
    "officials sources according unidentified gunmen vehicle explosion mine gold workers "
    "chinese nationals company camp patrol river crossing smuggling drugs arrested "
    "detained protest residents market mosque school hospital night morning evening "
    "ambush raid operation fighters taliban commander province valley mountain pass "
    "highway truck bus rocket mortar grenade improvised device landmine killed wounded "
    "abducted released hostage ransom claimed responsibility denied statement ministry "
    "interior defence spokesman told journalists telephone witnesses several two three "
    "four five dozen hundreds dead bodies found burned looted houses shops cattle dispute "
    "water land pasture tension exchange negotiations ceasefire agreement delegation "
    "customs terminal cargo seized weapons ammunition rifles cache search house hideout"
)
CYRILLIC = _words(
    "дар ва ба аз бо ки як ду се марз марзбонон посгоҳ ҳамла гурӯҳи мусаллаҳ кушта захмӣ "
    "шуданд шуд милиса нерӯҳои амниятӣ деҳа ноҳия шаҳр дарё пул роҳ мошин таркиш минаи "
    "тилло коргарони чинӣ ширкат тирпарронӣ шабона субҳ бегоҳ боздошт ҳабс қочоқ маводи "
    "мухаддир сарбозон афсар фармондеҳ толибон дрон зарба мавқеъ сарҳад гузаргоҳ "
    "на границе пограничники нападение вооруженные люди убиты ранены погибли район село "
    "город река мост дорога взрыв рудник золото китайские рабочие компания перестрелка "
    "ночью утром задержаны контрабанда наркотики военные талибы беспилотник удар "
    "сообщили источники по данным министерство внутренних дел заявление"
)
ARABIC = _words(
    "در و به از با که یک دو سه مرز مرزبانان پاسگاه حمله گروه مسلح کشته زخمی شدند "
    "پولیس نیروهای امنیتی قریه ولسوالی شهر دریا پل سړک موټر انفجار ماین طلا کارگران "
    "چینایی شرکت تیراندازی شب صبح شام بازداشت قاچاق مواد مخدر سربازان قومندان طالبان "
    "پهپاد حمله هوایی منابع گفتند وزارت داخله اعلامیه پاکستان تاجیکستان بدخشان"
)
CHINESE = _words(
    "边境 武装 袭击 警察 安全 部队 冲突 报道 死亡 受伤 村庄 哨所 士兵 无人机 车队 道路 "
    "桥梁 检查站 平民 官员 消息 爆炸 金矿 中国 公民 公司 工人 营地 巡逻 河流 走私 毒品 "
    "逮捕 抗议 居民 市场 夜间 上午 塔利班 山谷 山口 卡车 火箭 手榴弹 地雷 绑架 赎金"
)
SYLLABLES = {
    "latin": _words("ka ro sha min dar bad ghan tur vil zo pa nu hel kor ish bek al dun sar tem"),
    "cyrillic": _words("ка ро ша мин дар бад ғон тур вил зо па ну ҳел кор иш бек ал дун сар тем"),
    "arabic": _words("کا رو شا مین در بد غن تور ویل زو پا نو هل کور ایش بیک ال دون سر تم"),
    "chinese": list("安北城达东法冈海吉卡拉马南欧平齐瑞山塔瓦西亚扎"),
}
SCRIPTS = ("latin", "cyrillic", "arabic", "chinese")
SCRIPT_WEIGHTS = (55, 25, 12, 8)
TAGS = (
    "border",
    "drone",
    "mining",
    "chinese nationals",
    "smuggling",
    "taliban",
    "checkpoint",
    "ied",
    "kidnapping",
    "protest",
    "water dispute",
    "convoy",
    "night attack",
    "ambush",
    "arrests",
    "cross-border fire",
    "landmine",
    "gold",
    "customs",
    "pasture",
)
ACTORS = [
    "Military Forces of Tajikistan (1994-)",
    "Police Forces of Tajikistan (1994-)",
    "Border Troops of Tajikistan",
    "Taliban",
    "Islamic State (Afghanistan)",
    "Jamaat Ansarullah",
    "Unidentified Armed Group (Tajikistan)",
    "Unidentified Armed Group (Afghanistan)",
    "Civilians (Tajikistan)",
    "Civilians (Afghanistan)",
    "Civilians (China)",
    "Smugglers (Afghanistan)",
    "Military Forces of Kyrgyzstan",
    "Border Guard Service of Kyrgyzstan",
    "Police Forces of Afghanistan (2021-)",
    "Гурӯҳи мусаллаҳи номаълум",
    "Пограничная служба ГКНБ",
    "طالبان پاکستان",
    "中国公民",
] + [f"Local militia {n}" for n in range(1, 181)]


def _vocabulary(rng: random.Random, script: str, real: list[str], tail: int) -> list[str]:
    """Real words first (the frequent ones), then a long tail of made-up words."""
    made = set()
    parts = SYLLABLES[script]
    while len(made) < tail:
        made.add("".join(rng.choices(parts, k=rng.randint(2, 4))))
    return list(dict.fromkeys(real)) + sorted(made - set(real))


class Zipf:
    """Draws items with probability proportional to 1 / rank**s."""

    def __init__(self, items: list[Any], s: float = ZIPF_S):
        self.items = items
        self.cum = list(itertools.accumulate(1 / (rank**s) for rank in range(1, len(items) + 1)))

    def draw(self, rng: random.Random, k: int) -> list[Any]:
        """k items, with replacement."""
        return rng.choices(self.items, cum_weights=self.cum, k=k)

    def rank_of(self, item: Any) -> int:
        """1-based frequency rank of an item."""
        return self.items.index(item) + 1


def vocabularies(seed: int = 1) -> dict[str, Zipf]:
    """The Zipf word distribution of each script (the benchmark picks its query words here)."""
    rng = random.Random(seed)
    real = {"latin": LATIN, "cyrillic": CYRILLIC, "arabic": ARABIC, "chinese": CHINESE}
    tails = {"latin": 40_000, "cyrillic": 20_000, "arabic": 10_000, "chinese": 5_000}
    return {s: Zipf(_vocabulary(rng, s, real[s], tails[s])) for s in SCRIPTS}


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _place_name(place: tuple[Any, ...], script: str) -> str:
    if script == "cyrillic" and place[1]:
        return place[1]
    if script == "arabic" and place[2]:
        return place[2]
    if script == "chinese" and place[0] in CHINESE_PLACES:
        return CHINESE_PLACES[place[0]]
    return place[0]


def _text(rng: random.Random, zipf: Zipf, script: str, k: int, place: str) -> str:
    words = zipf.draw(rng, k)
    words.insert(rng.randrange(len(words) + 1), place)
    return "".join(words) if script == "chinese" else " ".join(words)


EVENTS = [(event, sub) for event, subs in taxonomy.EVENT_TYPES.items() for sub in subs]


class _Writer:
    """Generates rows table by table and writes them with executemany."""

    def __init__(self, connection: Connection, rng: random.Random, n: int):
        self.connection = connection
        self.rng = rng
        self.n = n
        self.vocab = vocabularies()
        self.places = Zipf(PLACES, 0.8)
        self.events = Zipf(EVENTS, 0.9)
        self.tags = Zipf(list(TAGS), 1.0)
        self.actors = Zipf(ACTORS, 1.0)
        self.start = date(2015, 1, 1).toordinal()
        self.span = date(2025, 12, 31).toordinal() - self.start

    def insert(self, table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> None:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        while batch := list(itertools.islice(rows, BATCH)):
            self.connection.exec_driver_sql(sql, batch)

    def sources(self) -> int:
        grades = "AABBBCCCCDDEF"
        rows = (
            (i, _uuid(self.rng), NOW, NOW, f"Source {i}", "news", self.rng.choice(grades), "")
            for i in range(1, 61)
        )
        self.insert(
            "source",
            ("id", "uuid", "created_at", "updated_at", "name", "kind", "reliability", "notes"),
            rows,
        )
        reports = max(self.n // 5, 1)
        self.insert(
            "source_report",
            (
                "id",
                "uuid",
                "created_at",
                "updated_at",
                "source_id",
                "title",
                "excerpt",
                "published",
            ),
            self._reports(reports),
        )
        return reports

    def _reports(self, count: int) -> Iterator[tuple[Any, ...]]:
        for i in range(1, count + 1):
            script = self.rng.choices(SCRIPTS, SCRIPT_WEIGHTS)[0]
            place = _place_name(self.places.draw(self.rng, 1)[0], script)
            zipf = self.vocab[script]
            day = date.fromordinal(self.start + int(self.span * self.rng.random() ** 0.7))
            yield (
                i,
                _uuid(self.rng),
                NOW,
                NOW,
                self.rng.randint(1, 60),
                _text(self.rng, zipf, script, 8, place),
                _text(self.rng, zipf, script, 25, place),
                day.isoformat(),
            )

    def actors_table(self) -> None:
        rows = ((i, _uuid(self.rng), NOW, NOW, name, None) for i, name in enumerate(ACTORS, 1))
        self.insert("actor", ("id", "uuid", "created_at", "updated_at", "name", "inter_code"), rows)

    def incidents(self, reports: int) -> None:
        children: dict[str, list[tuple[Any, ...]]] = {
            "actor": [],
            "tag": [],
            "casualty": [],
            "citation": [],
        }
        columns = (
            "id",
            "uuid",
            "created_at",
            "updated_at",
            "title",
            "event_date",
            "time_precision",
            "event_type",
            "sub_event_type",
            "disorder_type",
            "country_code",
            "country",
            "admin1",
            "location",
            "latitude",
            "longitude",
            "geo_precision",
            "claim_status",
            "narrative",
            "status",
            "killed",
            "source_count",
        )
        sql = (
            f"INSERT INTO incident ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        batch = []
        for i in range(1, self.n + 1):
            batch.append(self._incident(i, reports, children))
            if len(batch) == BATCH:
                self._flush(sql, batch, children)
                batch = []
        self._flush(sql, batch, children)

    def _incident(
        self, i: int, reports: int, children: dict[str, list[tuple[Any, ...]]]
    ) -> tuple[Any, ...]:
        rng = self.rng
        script = rng.choices(SCRIPTS, SCRIPT_WEIGHTS)[0]
        place = self.places.draw(rng, 1)[0]
        name = _place_name(place, script)
        event, sub = self.events.draw(rng, 1)[0]
        zipf = self.vocab[script]
        title = _text(rng, zipf, script, rng.randint(3, 7), name)
        narrative = _text(rng, zipf, script, rng.randint(20, 70), name)
        day = date.fromordinal(self.start + int(self.span * rng.random() ** 0.7))
        for position, actor in enumerate(dict.fromkeys(self.actors.draw(rng, rng.randint(1, 3)))):
            role = "perpetrator" if position == 0 else "target"
            children["actor"].append(
                (_uuid(rng), NOW, NOW, i, ACTORS.index(actor) + 1, role, False, "", position)
            )
        for tag in dict.fromkeys(self.tags.draw(rng, rng.randint(0, 3))):
            children["tag"].append((_uuid(rng), NOW, NOW, i, tag))
        killed = 0
        if rng.random() < 0.45:
            killed = min(int(rng.expovariate(0.4)), 200)
            children["casualty"].append(
                (_uuid(rng), NOW, NOW, i, "killed", "", killed, killed, killed, 0)
            )
        cited = sorted({rng.randint(1, reports) for _ in range(rng.choice((0, 1, 1, 2, 3)))})
        for report in cited:
            children["citation"].append((_uuid(rng), NOW, NOW, i, report, rng.randint(1, 6), ""))
        jitter = rng.uniform(-0.05, 0.05)
        return (
            i,
            _uuid(rng),
            NOW,
            NOW,
            title[:500],
            day.isoformat(),
            1,
            event,
            sub,
            taxonomy.disorder_type_for(event, sub),
            place[4],
            place[5],
            place[3],
            name,
            place[6] + jitter,
            place[7] + jitter,
            1,
            "unknown",
            narrative,
            rng.choice(("draft", "reviewed")),
            killed,
            len(cited),
        )

    def _flush(
        self, sql: str, batch: list[tuple[Any, ...]], children: dict[str, list[tuple[Any, ...]]]
    ) -> None:
        if batch:
            self.connection.exec_driver_sql(sql, batch)
        record = ("uuid", "created_at", "updated_at")
        tables = {
            "actor": (
                "incident_actor",
                (*record, "incident_id", "actor_id", "role", "associated", "note", "position"),
            ),
            "tag": ("incident_tag", (*record, "incident_id", "tag")),
            "casualty": (
                "casualty",
                (*record, "incident_id", "kind", '"group"', "low", "best", "high", "position"),
            ),
            "citation": ("citation", (*record, "incident_id", "report_id", "credibility", "note")),
        }
        for key, (table, columns) in tables.items():
            self.insert(table, columns, iter(children[key]))
            children[key].clear()


# Only for a fresh file nobody else has open: no journal and no syncing while it is
# written (a crash just means generating it again), then back to WAL like any case file.
_BULK_PRAGMAS = ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144")


def generate(path: Path, n: int, *, seed: int = 1) -> float:
    """Write a new case file of `n` synthetic incidents; returns seconds spent indexing."""
    for old in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        old.unlink(missing_ok=True)
    casefile.open(path, author="synthetic").close()  # the schema, at the newest revision
    engine = create_engine(f"sqlite:///{path.as_posix()}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            for pragma in _BULK_PRAGMAS:
                connection.exec_driver_sql(f"PRAGMA {pragma}")
            writer = _Writer(connection, random.Random(seed), n)
            reports = writer.sources()
            writer.actors_table()
            writer.incidents(reports)
            connection.commit()
            started = time.perf_counter()
            fts.rebuild(connection)
            connection.commit()
            seconds = time.perf_counter() - started
            connection.exec_driver_sql("PRAGMA journal_mode = WAL")
    finally:
        engine.dispose()
    return seconds


def cached(n: int, *, seed: int = 1, directory: Path = CACHE) -> Path:
    """A synthetic case file of `n` incidents, generated once and kept in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"synthetic-{n}-s{seed}.casefile"
    done = path.with_name(path.name + ".done")
    if not done.exists():
        seconds = generate(path, n, seed=seed)
        done.write_text(f"{seconds:.3f}\n")
    return path


def index_seconds(path: Path) -> float | None:
    """How long building the index took when `cached` made this file."""
    done = path.with_name(path.name + ".done")
    return float(done.read_text()) if done.exists() else None


def main(argv: list[str]) -> int:
    """Make a synthetic case file: N [PATH]."""
    n = int(argv[0]) if argv else 1000
    path = Path(argv[1]) if len(argv) > 1 else CACHE / f"synthetic-{n}-s1.casefile"
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    seconds = generate(path, n)
    total = time.perf_counter() - started
    print(f"{path}: {n} incidents in {total:.1f} s (index {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
