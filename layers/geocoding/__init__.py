"""Forward geocoding of Chinese addresses: ``GET /api/geocode?q=`` → ranked standard addresses.

``spatial.addresses`` reads the text into parts; :mod:`.selectors` scores the addresses, roads, communities and
towns that match them in one PostGIS statement (:file:`geocode.sql`).
"""
