-- Patrol coverage of the grids on one local day (Asia/Shanghai): per grid, its road length, the part of it within
-- %(buffer_m)s metres of that day's tracks touching the grid, the number of tracks, and how many started before
-- and after %(noon)s local time. Lengths and the buffer in EPSG:4547 metres. Filters: %(grid)s, %(town)s (NULL: all).
-- Indexes: the track's day (btree) and grids (GIN), the road's grid code (btree).
WITH g AS (
    SELECT code, name, town_code FROM {grid}
    WHERE (%(grid)s::text IS NULL OR code = %(grid)s) AND (%(town)s::text IS NULL OR town_code = %(town)s)
), t AS (
    SELECT grids, started_at, ST_Transform(geom, 4547) AS geom FROM {track}
    WHERE day = %(day)s AND grids && ARRAY(SELECT code FROM g)::varchar(18)[]
)
SELECT g.code, g.name, g.town_code, coalesce(r.road_m, 0), coalesce(r.covered_m, 0),
       coalesce(k.tracks, 0), coalesce(k.morning, 0), coalesce(k.afternoon, 0)
FROM g
LEFT JOIN LATERAL (
    SELECT ST_Buffer(ST_Collect(t.geom), %(buffer_m)s) AS zone, count(*) AS tracks,
           count(*) FILTER (WHERE (t.started_at AT TIME ZONE 'Asia/Shanghai')::time < %(noon)s) AS morning,
           count(*) FILTER (WHERE (t.started_at AT TIME ZONE 'Asia/Shanghai')::time >= %(noon)s) AS afternoon
    FROM t WHERE g.code = ANY (t.grids)
) k ON true
LEFT JOIN LATERAL (
    SELECT sum(rd.length_m) AS road_m,
           sum(CASE WHEN k.zone IS NULL THEN 0
                    ELSE ST_Length(ST_Intersection(ST_Transform(rd.geom, 4547), k.zone)) END) AS covered_m
    FROM {road} rd WHERE rd.grid_code = g.code
) r ON true
ORDER BY g.code
