"""Files Casefile ships: fonts, the demo case and icons (installed as casefile.resources)."""
