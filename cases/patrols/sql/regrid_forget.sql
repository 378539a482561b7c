-- Before the coverage of the changed grids %(codes)s is stored again: their road lengths are forgotten (measured
-- again with their coverage, or on the fly by coverage.sql), and so is the stored coverage of the days
-- %(first)s .. %(last)s (NULL: unbounded) of those codes that are no longer grids (retired by a re-division).
WITH roads AS (
    DELETE FROM {gridroads} WHERE grid_code = ANY(%(codes)s::text[])
)
DELETE FROM {coverage} AS c
WHERE c.grid_code = ANY(%(codes)s::text[]) AND c.grid_code NOT IN (SELECT code FROM {grid})
  AND (%(first)s::date IS NULL OR c.day >= %(first)s) AND (%(last)s::date IS NULL OR c.day <= %(last)s)
