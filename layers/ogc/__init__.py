"""OGC API - Features (Part 1 core, GeoJSON, HTML, OpenAPI 3.0; Part 2 CRS) over the layer registry."""
