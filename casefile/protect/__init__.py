"""Keeping a case file sound: integrity checks."""
