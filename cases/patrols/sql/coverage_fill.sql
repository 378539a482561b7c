-- Store the patrol coverage of a set of (grid, local day) pairs, in one statement: the pairs %(codes)s x %(days)s
-- (two arrays of the same length, element by element), plus, for a range %(first)s .. %(last)s (NULL: none), every
-- grid-day with a track and every grid-day already stored. Per grid, the road length (the roads clipped to the grid;
-- also for every grid when %(all_roads)s) is stored in {gridroads}; per pair, the road length within %(buffer_m)s m
-- of the day's tracks touching the grid, their count and how many started before and after %(noon)s local time, in
-- {coverage} (a pair whose grid no longer exists is left out). Lengths and the buffer in EPSG:4547 metres.
-- The same measure as cases/evaluation's former on-the-fly coverage (tests/cases/patrols/reference_coverage.sql).
WITH pairs AS (
    SELECT p.code, p.day FROM unnest(%(codes)s::text[], %(days)s::date[]) AS p(code, day)
    UNION
    SELECT gc.code, t.day FROM {track} AS t CROSS JOIN LATERAL unnest(t.grids) AS gc(code)
    WHERE t.day BETWEEN %(first)s AND %(last)s
    UNION
    SELECT c.grid_code, c.day FROM {coverage} AS c WHERE c.day BETWEEN %(first)s AND %(last)s
),
g AS (
    SELECT code, geom FROM {grid} WHERE %(all_roads)s OR code IN (SELECT code FROM pairs)
),
pieces AS MATERIALIZED (
    SELECT g.code, ST_Transform(ST_CollectionExtract(ST_Intersection(rd.geom, g.geom), 2), 4547) AS piece
    FROM g JOIN {road} AS rd ON ST_Intersects(rd.geom, g.geom)
),
roads AS (
    SELECT g.code, coalesce(sum(ST_Length(p.piece)), 0) AS road_m
    FROM g LEFT JOIN pieces AS p ON p.code = g.code GROUP BY g.code
),
stored_roads AS (
    INSERT INTO {gridroads} (grid_code, road_m) SELECT code, road_m FROM roads
    ON CONFLICT (grid_code) DO UPDATE SET road_m = EXCLUDED.road_m
),
zones AS (
    SELECT p.code, p.day, ST_Buffer(ST_Collect(ST_Transform(t.geom, 4547)), %(buffer_m)s) AS zone, count(*) AS tracks,
           count(*) FILTER (WHERE (t.started_at AT TIME ZONE 'Asia/Shanghai')::time < %(noon)s) AS morning,
           count(*) FILTER (WHERE (t.started_at AT TIME ZONE 'Asia/Shanghai')::time >= %(noon)s) AS afternoon
    FROM pairs AS p JOIN {track} AS t ON t.day = p.day AND t.grids @> ARRAY[p.code]::varchar(18)[]
    GROUP BY p.code, p.day
),
covered AS (
    SELECT z.code, z.day, sum(ST_Length(ST_Intersection(pc.piece, z.zone))) AS covered_m
    FROM zones AS z JOIN pieces AS pc ON pc.code = z.code AND ST_Intersects(pc.piece, z.zone)
    GROUP BY z.code, z.day
)
INSERT INTO {coverage} (grid_code, day, road_m, covered_m, share, tracks, morning, afternoon, twice, computed_at)
SELECT p.code, p.day, r.road_m, coalesce(c.covered_m, 0),
       CASE WHEN r.road_m > 0 THEN least(1.0, coalesce(c.covered_m, 0) / r.road_m) END,
       coalesce(z.tracks, 0), coalesce(z.morning, 0), coalesce(z.afternoon, 0),
       coalesce(z.morning, 0) > 0 AND coalesce(z.afternoon, 0) > 0, now()
FROM pairs AS p JOIN roads AS r ON r.code = p.code
LEFT JOIN zones AS z ON z.code = p.code AND z.day = p.day
LEFT JOIN covered AS c ON c.code = p.code AND c.day = p.day
ON CONFLICT (grid_code, day) DO UPDATE SET
    road_m = EXCLUDED.road_m, covered_m = EXCLUDED.covered_m, share = EXCLUDED.share, tracks = EXCLUDED.tracks,
    morning = EXCLUDED.morning, afternoon = EXCLUDED.afternoon, twice = EXCLUDED.twice,
    computed_at = EXCLUDED.computed_at
