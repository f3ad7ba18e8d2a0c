"""An .eml draft of a report: To, Subject, the BLUF as body and the PDF attached.

Written with the standard library only, so a field analyst without a link can prepare
the message now and send it from the mail program once the satellite link is up.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from pathlib import Path

from casefile.records import taxonomy
from casefile.sitrep.options import ReportOptions


def subject(options: ReportOptions) -> str:
    """The subject line: marking first, as recipients triage by it, then title and number."""
    number = f" ({options.number})" if options.number else ""
    return f"[{options.tlp}] {options.heading}{number}"


def body(options: ReportOptions) -> str:
    """The message text: the bottom line up front and the handling rule."""
    bluf = options.bluf.strip() or "Please find the report attached."
    marking = taxonomy.TLP[options.tlp]
    sign = f"\n\n{options.originator}" if options.originator else ""
    return (
        f"{options.tlp}\n\nBottom line up front:\n{bluf}\n\n"
        f"Handling: {marking.label}. {marking.meaning}{sign}\n"
    )


def file_stem(options: ReportOptions) -> str:
    """A safe file name for the report's PDF and draft: its number, else "report"."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in options.number) or "report"


def compose(options: ReportOptions, pdf: Path | bytes) -> EmailMessage:
    """The message: To, Subject, the BLUF as body and the PDF (a file, or its bytes) attached."""
    message = EmailMessage()
    message["To"] = ", ".join(options.recipients)
    message["Subject"] = subject(options)
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(body(options))
    if isinstance(pdf, bytes):
        data, name = pdf, f"{file_stem(options)}.pdf"
    else:
        data, name = pdf.read_bytes(), pdf.name
    message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message


def write_draft(path: Path, options: ReportOptions, pdf: Path | bytes) -> Path:
    """Write the draft; `X-Unsent` makes mail programs open it ready to send."""
    path.write_bytes(compose(options, pdf).as_bytes(policy=SMTP))
    return path
