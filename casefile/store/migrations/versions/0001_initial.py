"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actor",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("inter_code", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
        sa.UniqueConstraint("name", name=op.f("uq_actor_name")),
        sa.UniqueConstraint("uuid", name=op.f("uq_actor_uuid")),
    )
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blob")),
    )
    op.create_table(
        "incident",
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("event_time", sa.Time(), nullable=True),
        sa.Column("time_precision", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("reported_date", sa.Date(), nullable=True),
        sa.Column("disorder_type", sa.String(length=64), nullable=True),
        sa.Column("event_type", sa.String(length=64), nullable=True),
        sa.Column("sub_event_type", sa.String(length=64), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("admin2", sa.String(length=200), nullable=True),
        sa.Column("admin3", sa.String(length=200), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("claim_status", sa.String(length=16), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("killed", sa.Integer(), nullable=False),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("acled_id", sa.String(length=40), nullable=True),
        sa.Column("acled_source", sa.Text(), nullable=True),
        sa.Column("acled_source_scale", sa.String(length=100), nullable=True),
        sa.Column("acled_timestamp", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'reviewed')", name=op.f("ck_incident_status")),
        sa.CheckConstraint(
            "geo_precision IS NULL OR geo_precision BETWEEN 1 AND 3",
            name=op.f("ck_incident_geo_prec"),
        ),
        sa.CheckConstraint("killed >= 0", name=op.f("ck_incident_killed")),
        sa.CheckConstraint(
            "latitude IS NULL OR latitude BETWEEN -90 AND 90", name=op.f("ck_incident_latitude")
        ),
        sa.CheckConstraint(
            "longitude IS NULL OR longitude BETWEEN -180 AND 180",
            name=op.f("ck_incident_longitude"),
        ),
        sa.CheckConstraint(
            "time_precision BETWEEN 1 AND 3", name=op.f("ck_incident_time_precision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident")),
        sa.UniqueConstraint("acled_id", name=op.f("uq_incident_acled_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_incident_uuid")),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incident_country_admin1", ["country_code", "admin1"], unique=False
        )
        batch_op.create_index("ix_incident_event_date", ["event_date"], unique=False)
        batch_op.create_index(
            "ix_incident_event_type", ["event_type", "sub_event_type"], unique=False
        )
        batch_op.create_index("ix_incident_killed", ["killed"], unique=False)
        batch_op.create_index("ix_incident_location", ["location"], unique=False)
        batch_op.create_index("ix_incident_source_count", ["source_count"], unique=False)
        batch_op.create_index("ix_incident_status", ["status"], unique=False)
        batch_op.create_index("ix_incident_title", ["title"], unique=False)

    op.create_table(
        "report",
        sa.Column("template", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("bluf", sa.Text(), nullable=False),
        sa.Column("key_judgments", sa.Text(), nullable=False),
        sa.Column("outlook", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.UniqueConstraint("uuid", name=op.f("uq_report_uuid")),
    )
    op.create_table(
        "saved_search",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_search")),
        sa.UniqueConstraint("name", name=op.f("uq_saved_search_name")),
        sa.UniqueConstraint("uuid", name=op.f("uq_saved_search_uuid")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "source",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "reliability IN ('A', 'B', 'C', 'D', 'E', 'F')", name=op.f("ck_source_reliability")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("name", name=op.f("uq_source_name")),
        sa.UniqueConstraint("uuid", name=op.f("uq_source_uuid")),
    )
    op.create_table(
        "casualty",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("group", sa.String(length=200), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=True),
        sa.Column("low", sa.Integer(), nullable=False),
        sa.Column("best", sa.Integer(), nullable=False),
        sa.Column("high", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('killed', 'injured', 'abducted')", name=op.f("ck_casualty_kind")
        ),
        sa.CheckConstraint(
            "low >= 0 AND best >= low AND high >= best", name=op.f("ck_casualty_range")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_casualty_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_casualty")),
        sa.UniqueConstraint("uuid", name=op.f("uq_casualty_uuid")),
    )
    with op.batch_alter_table("casualty", schema=None) as batch_op:
        batch_op.create_index("ix_casualty_incident", ["incident_id"], unique=False)

    op.create_table(
        "incident_actor",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("associated", sa.Boolean(), nullable=False),
        sa.Column("inter_code", sa.Integer(), nullable=True),
        sa.Column("likelihood", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('perpetrator', 'target', 'claimed_by', 'suspected')",
            name=op.f("ck_incident_actor_role"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actor.id"], name=op.f("fk_incident_actor_actor_id_actor")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_actor_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_actor")),
        sa.UniqueConstraint("uuid", name=op.f("uq_incident_actor_uuid")),
    )
    with op.batch_alter_table("incident_actor", schema=None) as batch_op:
        batch_op.create_index("ix_incident_actor_actor", ["actor_id", "role"], unique=False)

    op.create_table(
        "incident_link",
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('duplicate', 'series', 'related')", name=op.f("ck_incident_link_kind")
        ),
        sa.CheckConstraint("from_id <> to_id", name=op.f("ck_incident_link_not_self")),
        sa.ForeignKeyConstraint(
            ["from_id"],
            ["incident.id"],
            name=op.f("fk_incident_link_from_id_incident"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_id"],
            ["incident.id"],
            name=op.f("fk_incident_link_to_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_link")),
        sa.UniqueConstraint("from_id", "to_id", "kind", name="pair"),
        sa.UniqueConstraint("uuid", name=op.f("uq_incident_link_uuid")),
    )
    op.create_table(
        "incident_tag",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_incident_tag_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_tag")),
        sa.UniqueConstraint("incident_id", "tag", name="incident_tag"),
        sa.UniqueConstraint("uuid", name=op.f("uq_incident_tag_uuid")),
    )
    with op.batch_alter_table("incident_tag", schema=None) as batch_op:
        batch_op.create_index("ix_incident_tag_tag", ["tag"], unique=False)

    op.create_table(
        "source_report",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("accessed", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_source_report_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_report")),
        sa.UniqueConstraint("uuid", name=op.f("uq_source_report_uuid")),
    )
    with op.batch_alter_table("source_report", schema=None) as batch_op:
        batch_op.create_index("ix_source_report_source", ["source_id"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(incident_id IS NULL) <> (report_id IS NULL)", name=op.f("ck_attachment_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_attachment_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["source_report.id"],
            name=op.f("fk_attachment_report_id_source_report"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blob.sha256"], name=op.f("fk_attachment_sha256_blob")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint("uuid", name=op.f("uq_attachment_uuid")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index("ix_attachment_incident", ["incident_id"], unique=False)
        batch_op.create_index("ix_attachment_report", ["report_id"], unique=False)

    op.create_table(
        "citation",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("credibility", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("credibility BETWEEN 1 AND 6", name=op.f("ck_citation_credibility")),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
            name=op.f("fk_citation_incident_id_incident"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["source_report.id"],
            name=op.f("fk_citation_report_id_source_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citation")),
        sa.UniqueConstraint("incident_id", "report_id", name="incident_report"),
        sa.UniqueConstraint("uuid", name=op.f("uq_citation_uuid")),
    )
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.create_index("ix_citation_report", ["report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.drop_index("ix_citation_report")

    op.drop_table("citation")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index("ix_attachment_report")
        batch_op.drop_index("ix_attachment_incident")

    op.drop_table("attachment")
    with op.batch_alter_table("source_report", schema=None) as batch_op:
        batch_op.drop_index("ix_source_report_source")

    op.drop_table("source_report")
    with op.batch_alter_table("incident_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_tag_tag")

    op.drop_table("incident_tag")
    op.drop_table("incident_link")
    with op.batch_alter_table("incident_actor", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_actor_actor")

    op.drop_table("incident_actor")
    with op.batch_alter_table("casualty", schema=None) as batch_op:
        batch_op.drop_index("ix_casualty_incident")

    op.drop_table("casualty")
    op.drop_table("source")
    op.drop_table("setting")
    op.drop_table("saved_search")
    op.drop_table("report")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_title")
        batch_op.drop_index("ix_incident_status")
        batch_op.drop_index("ix_incident_source_count")
        batch_op.drop_index("ix_incident_location")
        batch_op.drop_index("ix_incident_killed")
        batch_op.drop_index("ix_incident_event_type")
        batch_op.drop_index("ix_incident_event_date")
        batch_op.drop_index("ix_incident_country_admin1")

    op.drop_table("incident")
    op.drop_table("blob")
    op.drop_table("actor")
