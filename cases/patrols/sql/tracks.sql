-- The tracks of one local day as GeoJSON Features, one row each (EPSG:4490 lon/lat, as CRS84), optionally only those
-- touching %(grid)s and, for a grid-scoped reader, only those touching %(scope)s (NULL: every grid). The member's
-- name (its owner's, or the member_name of a track with no owner) only when %(names)s or the track is the
-- caller's (%(caller)s).
SELECT json_build_object(
    'type', 'Feature', 'id', t.id,
    'geometry', ST_AsGeoJSON(t.geom, 7)::json,
    'properties', json_build_object(
        'owner', CASE WHEN %(names)s OR t.owner_id = %(caller)s
                      THEN coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.username,
                                    nullif(t.member_name, '')) END,
        'grids', t.grids, 'started_at', t.started_at, 'ended_at', t.ended_at, 'length_m', round(t.length_m::numeric, 1),
        'points', t.points, 'times', t.times))::text
FROM {track} t LEFT JOIN {user} u ON u.id = t.owner_id
WHERE t.day = %(day)s
  AND (%(grid)s::text IS NULL OR t.grids @> ARRAY[%(grid)s]::varchar(18)[])
  AND (%(scope)s::varchar(18)[] IS NULL OR t.grids && %(scope)s::varchar(18)[])
ORDER BY t.started_at, t.id
