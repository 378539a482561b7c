-- Patrol coverage of the grids on one local day (Asia/Shanghai): per grid, its road length, the part of it within
-- %(buffer_m)s metres of that day's tracks touching the grid, the number of tracks, and how many started before
-- and after %(noon)s local time. Lengths and the buffer in EPSG:4547 metres. Filters: %(grid)s, %(town)s (NULL: all).
-- Per grid, the tracks are found by the GIN index on grids (grids @> ARRAY[code]) and the btree on day; the roads by
-- their GiST index, clipped to the grid here (so a re-division of the grids needs no change of the roads).
WITH g AS (
    SELECT code, name, town_code, geom FROM {grid}
    WHERE (%(grid)s::text IS NULL OR code = %(grid)s) AND (%(town)s::text IS NULL OR town_code = %(town)s)
)
SELECT g.code, g.name, g.town_code, coalesce(r.road_m, 0), coalesce(r.covered_m, 0),
       coalesce(k.tracks, 0), coalesce(k.morning, 0), coalesce(k.afternoon, 0)
FROM g
LEFT JOIN LATERAL (
    SELECT ST_Buffer(ST_Collect(ST_Transform(t.geom, 4547)), %(buffer_m)s) AS zone, count(*) AS tracks,
           count(*) FILTER (WHERE (t.started_at AT TIME ZONE 'Asia/Shanghai')::time < %(noon)s) AS morning,
           count(*) FILTER (WHERE (t.started_at AT TIME ZONE 'Asia/Shanghai')::time >= %(noon)s) AS afternoon
    FROM {track} t WHERE t.day = %(day)s AND t.grids @> ARRAY[g.code]::varchar(18)[]
) k ON true
LEFT JOIN LATERAL (
    SELECT sum(ST_Length(p.piece)) AS road_m,
           sum(CASE WHEN k.zone IS NULL THEN 0 ELSE ST_Length(ST_Intersection(p.piece, k.zone)) END) AS covered_m
    FROM (SELECT ST_Transform(ST_CollectionExtract(ST_Intersection(rd.geom, g.geom), 2), 4547) AS piece
          FROM {road} rd WHERE ST_Intersects(rd.geom, g.geom)) p
) r ON true
ORDER BY g.code
