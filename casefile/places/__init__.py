"""Places: the shipped gazetteer, country borders, reverse lookup and the analyst's own places."""

# Shown wherever places or borders are (About, and later every map): GeoNames asks for it.
ATTRIBUTION = (
    "Places: GeoNames (geonames.org), CC BY 4.0. "
    "Borders: Natural Earth (naturalearthdata.com), public domain."
)
