"""Places: the shipped gazetteer, country borders, reverse lookup and the analyst's own places."""
