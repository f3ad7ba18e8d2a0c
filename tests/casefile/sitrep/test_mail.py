"""The report's e-mail draft, composed without Qt: To, Subject, body and the PDF attached."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

from casefile.sitrep import mail
from casefile.sitrep.options import ReportOptions


def options(**changes: object) -> ReportOptions:
    base = ReportOptions(
        title="Border weekly",
        number="SR/2025 12",
        tlp="TLP:AMBER",
        recipients=["desk@example.org", "ops@example.org"],
        bluf="Two ambushes near Khorugh.",
        originator="Field office Khorugh",
    )
    return ReportOptions(**{**base.__dict__, **changes})


def test_the_draft_holds_the_marking_the_bluf_and_the_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "SR-2025-12.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake")
    eml = mail.write_draft(tmp_path / "draft.eml", options(), pdf)
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "desk@example.org, ops@example.org"
    assert message["Subject"] == "[TLP:AMBER] Border weekly (SR/2025 12)"
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "Two ambushes near Khorugh." in text and text.rstrip().endswith("Field office Khorugh")
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "SR-2025-12.pdf"
    assert attachment.get_content() == b"%PDF-1.4 fake"


def test_an_empty_bluf_and_number_still_make_a_message() -> None:
    plain = options(bluf="  ", number="", originator="")
    assert mail.subject(plain) == "[TLP:AMBER] Border weekly"
    assert "Please find the report attached." in mail.body(plain)
    assert mail.file_stem(plain) == "report"
    assert mail.file_stem(options()) == "SR-2025-12"


def test_the_pdf_may_come_as_bytes_named_after_the_report(tmp_path: Path) -> None:
    eml = mail.write_draft(tmp_path / "draft.eml", options(), b"%PDF-1.4 in memory")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "SR-2025-12.pdf"
    assert attachment.get_content() == b"%PDF-1.4 in memory"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.eml"]
