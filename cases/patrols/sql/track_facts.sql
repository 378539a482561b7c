-- The facts of an uploaded track: its length in metres (EPSG:4547), the share of that length inside the county,
-- and the codes of the grids it touches. %(line)s: EWKB of the LineString in EPSG:4490.
WITH line AS (SELECT ST_GeomFromEWKB(%(line)s) AS geom),
county AS (SELECT geom FROM {admin} WHERE level = 'county' LIMIT 1)
SELECT ST_Length(ST_Transform(line.geom, 4547)) AS length_m,
       coalesce((SELECT ST_Length(ST_Transform(ST_Intersection(line.geom, county.geom), 4547)) FROM county), 0)
           / nullif(ST_Length(ST_Transform(line.geom, 4547)), 0) AS in_county,
       ARRAY(SELECT g.code FROM {grid} g WHERE ST_Intersects(g.geom, line.geom) ORDER BY g.code) AS grids
FROM line
