-- After the grids %(codes)s (codes before and after a change of their geometry or code) changed: the tracks of the
-- local days %(first)s .. %(last)s (NULL: unbounded) tagged with one of those codes or touching one of those grids
-- are tagged again with the grids they touch now, and the (grid, day) pairs whose coverage must be stored again are
-- returned: those of the re-tagged tracks and those stored, for the codes that are still grids.
WITH retagged AS (
    UPDATE {track} AS t
    SET grids = ARRAY(SELECT g.code FROM {grid} AS g WHERE ST_Intersects(g.geom, t.geom) ORDER BY g.code)
    WHERE (t.grids && %(codes)s::varchar(18)[]
           OR EXISTS (SELECT FROM {grid} AS g WHERE g.code = ANY(%(codes)s::text[]) AND ST_Intersects(g.geom, t.geom)))
      AND (%(first)s::date IS NULL OR t.day >= %(first)s) AND (%(last)s::date IS NULL OR t.day <= %(last)s)
    RETURNING t.day, t.grids
)
SELECT gc.code, r.day FROM retagged AS r CROSS JOIN LATERAL unnest(r.grids) AS gc(code)
WHERE gc.code = ANY(%(codes)s::text[])
UNION
SELECT c.grid_code, c.day FROM {coverage} AS c
WHERE c.grid_code = ANY(%(codes)s::text[]) AND c.grid_code IN (SELECT code FROM {grid})
  AND (%(first)s::date IS NULL OR c.day >= %(first)s) AND (%(last)s::date IS NULL OR c.day <= %(last)s)
