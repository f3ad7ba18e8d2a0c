"""The merge's bulk insert: the driver's executemany stores what SQLAlchemy's insert does."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select

import casefile
from casefile.exchange.merge import MODELS, insert_rows
from casefile.store.models import Actor, Base, Casualty, IncidentActor, IncidentTag

# Parents before children, as a merge writes them.
ORDER = (Actor, *MODELS.values(), IncidentActor, Casualty, IncidentTag)


def _stored(path: Path) -> dict[str, list[tuple[str, ...]]]:
    """Every row of the tables, each value with its SQLite type, in key order."""
    with sqlite3.connect(path) as db:
        return {
            m.__tablename__: [
                tuple(repr(v) for v in row)
                for row in db.execute(f"SELECT * FROM {m.__tablename__} ORDER BY id")
            ]
            for m in ORDER
        }


def test_insert_rows_stores_the_same_bytes_as_sqlalchemys_insert(tmp_path: Path) -> None:
    with casefile.open(tmp_path / "demo.casefile") as case:
        case.load_demo()
    engine = create_engine(f"sqlite:///{tmp_path / 'demo.casefile'}")
    with engine.connect() as connection:
        rows = {
            m: [dict(r) for r in connection.execute(select(m.__table__)).mappings()] for m in ORDER
        }
    engine.dispose()
    for row in rows[MODELS["incident"]]:
        del row["source_count"]  # a column left out takes its default, in both ways
    assert all(rows[m] for m in ORDER if m not in (MODELS["attachment"], MODELS["incident_link"]))
    written: list[dict[str, list[tuple[str, ...]]]] = []
    for how in ("sqlalchemy", "driver"):
        path = tmp_path / f"{how}.sqlite"
        target = create_engine(f"sqlite:///{path}")
        Base.metadata.create_all(target, tables=[m.__table__ for m in ORDER])
        with target.begin() as connection:
            for model, found in rows.items():
                copies: list[dict[str, Any]] = [dict(r) for r in found]
                if not copies:
                    continue
                if how == "driver":
                    insert_rows(connection, model, copies)
                else:
                    connection.execute(insert(model), copies)
        target.dispose()
        written.append(_stored(path))
    assert written[0] == written[1]
