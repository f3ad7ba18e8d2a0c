"""Data in and out of a case: ACLED import, CSV, JSON and GeoJSON export, the demo case."""
