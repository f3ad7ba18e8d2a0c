"""The case's records: incidents, sources and their reports, attachments, and the taxonomy."""
