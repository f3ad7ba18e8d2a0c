"""Finding incidents: folding across scripts, the full-text index, filters, facets, snippets."""
