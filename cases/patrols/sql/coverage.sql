-- Patrol coverage of the grids on one local day (Asia/Shanghai), read from the stored rows ({coverage}, filled by
-- coverage_fill.sql): per grid, its road length, the part within the buffer of that day's tracks, the number of
-- tracks, those started before and after noon. A grid without a row that day had no track (0). The road length comes
-- from the day's row, else from {gridroads}, else (a grid not measured yet, e.g. just re-divided) is measured here.
-- Lengths in EPSG:4547 metres. Filters: %(grid)s, %(town)s (NULL: all).
SELECT g.code, g.name, g.town_code,
       coalesce(c.road_m, gr.road_m,
                (SELECT coalesce(sum(ST_Length(ST_Transform(
                            ST_CollectionExtract(ST_Intersection(rd.geom, g.geom), 2), 4547))), 0)
                 FROM {road} AS rd WHERE ST_Intersects(rd.geom, g.geom))),
       coalesce(c.covered_m, 0), coalesce(c.tracks, 0), coalesce(c.morning, 0), coalesce(c.afternoon, 0)
FROM {grid} AS g
LEFT JOIN {coverage} AS c ON c.grid_code = g.code AND c.day = %(day)s
LEFT JOIN {gridroads} AS gr ON gr.grid_code = g.code
WHERE (%(grid)s::text IS NULL OR g.code = %(grid)s) AND (%(town)s::text IS NULL OR g.town_code = %(town)s)
ORDER BY g.code
