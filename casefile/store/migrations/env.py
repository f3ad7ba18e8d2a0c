"""Alembic environment: runs on the connection Casefile hands it, batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from casefile.store import exchange_tables  # noqa: F401 - its tables join the metadata
from casefile.store.models import Base

# FTS5 keeps shadow tables (incident_fts_data, ..._idx, ...) that autogenerate must not touch.
SQLITE_ONLY_PREFIXES = ("incident_fts", "report_fts", "sqlite_")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Keep FTS tables and their shadows out of autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith(SQLITE_ONLY_PREFIXES))


def run() -> None:
    """Run migrations on the connection in the config attributes, or a URL for autogenerate."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.connect() as connection:
            _configure_and_run(connection)
        return
    _configure_and_run(connection)


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
