-- Forward geocoding: the ranked candidates of one parsed address, in one statement.
--
-- Bound parameters (NULL where the query lacks the part; see layers/geocoding/sql.py):
--   town, community, number, building, unit, room   the parts read from the text
--   road          the road read, or the text standing where the road should be (紫云18号: 紫云)
--   road_chars    that road with a space after each character (紫 云 街 ), for character similarity
--   core          the text from the town on, only when no road was read (partial input)
--   only_town     the town filter of the request
--   w_town, w_community, w_road, w_number, w_building, w_unit, w_room   the weight of each part
--   query_weight  the sum of the weights of the parts the query has
--   extra         the share of its weight a finer part of a candidate costs when the query lacks it
--   fuzzy_road    the match of a similar road per unit of similarity (below 1: only an equal road matches 1)
--   road_min, fuzzy_roads   least similarity and most roads taken when the road is not a road of the county
--   text_min, text_rows     least word similarity of core within full_text, and most rows taken that way
--   prefix        山西省阳泉市平定县, for the full text of road, community and town candidates
--   limit         most candidates returned
-- Formatted in by layers/geocoding/sql.py: the address and admin area tables, and the output point of c.geom
-- (stored EPSG:4490, x = longitude) in the requested CRS, x = longitude or easting.
--
-- score = sum over the query's parts of (weight * match)
--         / (query_weight + extra * weights of the finer parts the candidate has and the query lacks)
-- match = 1 for an equal part; for a road that is not a road of the county, fuzzy_road * trigram similarity; else 0.
-- A candidate equal to the query in every part it names, and no finer, scores exactly 1.0.
WITH
weights AS (
    SELECT %(w_town)s::float8 AS w_town, %(w_community)s::float8 AS w_community, %(w_road)s::float8 AS w_road,
           %(w_number)s::float8 AS w_number, %(w_building)s::float8 AS w_building, %(w_unit)s::float8 AS w_unit,
           %(w_room)s::float8 AS w_room, %(query_weight)s::float8 AS w_query, %(extra)s::float8 AS w_extra
),
-- Distinct road names from the btree address_road_number (index only). Read only for a road not in the county.
road_names AS MATERIALIZED (
    SELECT road FROM {addresses} GROUP BY road
),
-- The road of the query if the county has it; else the roads most similar to it: trigram similarity of their
-- characters taken one by one (order-free, fair to three-character names: 紫去街 ~ 紫云街 0.5), or of the names.
roads AS (
    SELECT %(road)s::text AS road, 1.0::float8 AS road_match
    WHERE EXISTS (SELECT 1 FROM {addresses} WHERE road = %(road)s::text)
    UNION ALL
    (SELECT road, %(fuzzy_road)s::float8 * greatest(chars, similarity(road, %(road)s::text)) AS road_match
     FROM (
        SELECT road, similarity(regexp_replace(road, '(.)', '\1 ', 'g'), %(road_chars)s::text) AS chars
        FROM road_names
        WHERE %(road)s::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {addresses} WHERE road = %(road)s::text)
     ) AS fuzzy
     WHERE chars >= %(road_min)s
     ORDER BY road_match DESC, road
     LIMIT %(fuzzy_roads)s)
),
-- Address rows on those roads; for input without a road, the rows of the community with the door number
-- (李岩村3号), and rows whose full text holds the typed text (GIN address_full_text_trgm), the most similar first.
near AS (
    SELECT a.code, a.level, a.province, a.city, a.county, a.town, a.community, a.road, a.number, a.building_no,
           a.unit, a.room, a.full_text, a.geom, r.road_match
    FROM roads AS r JOIN {addresses} AS a ON a.road = r.road
    UNION ALL
    SELECT a.code, a.level, a.province, a.city, a.county, a.town, a.community, a.road, a.number, a.building_no,
           a.unit, a.room, a.full_text, a.geom, 0.0::float8
    FROM {addresses} AS a
    WHERE %(road)s::text IS NULL AND a.number = %(number)s::text
      AND a.community_code IN (SELECT code FROM {areas} WHERE level = 'community' AND name = %(community)s::text)
    UNION ALL
    (SELECT a.code, a.level, a.province, a.city, a.county, a.town, a.community, a.road, a.number, a.building_no,
            a.unit, a.room, a.full_text, a.geom, 0.0::float8
     FROM {addresses} AS a
     WHERE %(core)s::text <%% a.full_text AND word_similarity(%(core)s::text, a.full_text) >= %(text_min)s
       AND a.road NOT IN (SELECT road FROM roads)
       AND NOT (%(road)s::text IS NULL AND a.number = %(number)s::text AND a.community = %(community)s::text)
     ORDER BY word_similarity(%(core)s::text, a.full_text) DESC, a.code
     LIMIT %(text_rows)s)
),
-- Each near row with the match of every part (1 equal, 0 not; the road's match from above).
scored AS (
    SELECT code, level, province, city, county, town, community, road, number, building_no, unit, room,
           full_text, geom, road_match,
           (town IS NOT DISTINCT FROM %(town)s::text)::int AS town_eq,
           (community IS NOT DISTINCT FROM %(community)s::text)::int AS community_eq,
           (number IS NOT DISTINCT FROM %(number)s::text)::int AS number_eq,
           (building_no IS NOT DISTINCT FROM %(building)s::text)::int AS building_eq,
           (unit IS NOT DISTINCT FROM %(unit)s::text)::int AS unit_eq,
           (room IS NOT DISTINCT FROM %(room)s::text)::int AS room_eq
    FROM near
    WHERE %(only_town)s::text IS NULL OR town = %(only_town)s::text
),
-- Addresses that agree with the query: each number part it names is equal, or absent from the address (coarser).
hits AS (
    SELECT code, level, town, community, road, number, building_no, unit, room, full_text, geom,
           (w_town * town_eq + w_community * community_eq + w_road * road_match + w_number * number_eq
            + w_building * building_eq + w_unit * unit_eq + w_room * room_eq)
           / (w_query + w_extra * (
                  CASE WHEN %(number)s::text IS NULL THEN w_number ELSE 0 END
                  + CASE WHEN %(building)s::text IS NULL AND building_no <> '' THEN w_building ELSE 0 END
                  + CASE WHEN %(unit)s::text IS NULL AND unit <> '' THEN w_unit ELSE 0 END
                  + CASE WHEN %(room)s::text IS NULL AND room <> '' THEN w_room ELSE 0 END)) AS score,
           CASE WHEN room_eq = 1 THEN 'room' WHEN unit_eq = 1 THEN 'unit' WHEN building_eq = 1 THEN 'building'
                WHEN number_eq = 1 THEN 'number' WHEN road_match > 0 THEN 'road'
                WHEN community_eq = 1 THEN 'community' WHEN town_eq = 1 THEN 'town' END AS matched_level
    FROM scored CROSS JOIN weights
    WHERE (%(number)s::text IS NULL OR number = %(number)s::text)
      AND (%(building)s::text IS NULL OR building_no IN ('', %(building)s::text))
      AND (%(unit)s::text IS NULL OR unit IN ('', %(unit)s::text))
      AND (%(room)s::text IS NULL OR room IN ('', %(room)s::text))
),
-- One candidate per road and community: the address of the road nearest the centroid of its addresses.
road_points AS (
    SELECT NULL::text AS code, 'road'::text AS level, town, community, road, NULL::text AS number,
           NULL::text AS building_no, NULL::text AS unit, NULL::text AS room,
           province || city || county || town || community || road AS full_text,
           ST_ClosestPoint(ST_Collect(geom), ST_Centroid(ST_Collect(geom))) AS geom,
           (min(w_town) * town_eq + min(w_community) * community_eq + min(w_road) * road_match) / min(w_query) AS score,
           'road'::text AS matched_level
    FROM scored CROSS JOIN weights
    WHERE road_match > 0
    GROUP BY province, city, county, town, community, road, town_eq, community_eq, road_match
),
-- The community and the town named by the query: a point on their surface.
areas AS (
    SELECT c.code, 'community'::text AS level, t.name AS town, c.name AS community, NULL::text AS road,
           NULL::text AS number, NULL::text AS building_no, NULL::text AS unit, NULL::text AS room,
           %(prefix)s || t.name || c.name AS full_text, ST_PointOnSurface(c.geom) AS geom,
           (w_community + w_town * (t.name IS NOT DISTINCT FROM %(town)s::text)::int) / w_query AS score,
           'community'::text AS matched_level
    FROM {areas} AS c JOIN {areas} AS t ON t.code = c.parent_code CROSS JOIN weights
    WHERE c.level = 'community' AND c.name = %(community)s::text
      AND (%(only_town)s::text IS NULL OR t.name = %(only_town)s::text)
    UNION ALL
    SELECT t.code, 'town', t.name, NULL, NULL, NULL, NULL, NULL, NULL,
           %(prefix)s || t.name, ST_PointOnSurface(t.geom), w_town / w_query, 'town'
    FROM {areas} AS t CROSS JOIN weights
    WHERE t.level = 'town' AND t.name = %(town)s::text
      AND (%(only_town)s::text IS NULL OR t.name = %(only_town)s::text)
)
-- The best candidates, then their output points (only for the rows returned).
SELECT c.code, c.level, c.matched_level, round(c.score::numeric, 4)::float8 AS score, c.full_text, c.town,
       c.community, c.road, c.number, c.building_no, c.unit, c.room,
       ST_X(o.point) AS x, ST_Y(o.point) AS y, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat
FROM (
    SELECT code, level, matched_level, score, full_text, town, community, road, number, building_no, unit, room, geom
    FROM (
        SELECT * FROM hits
        UNION ALL
        SELECT * FROM road_points
        UNION ALL
        SELECT * FROM areas
    ) AS every
    WHERE score > 0
    ORDER BY score DESC, full_text, code
    LIMIT %(limit)s
) AS c
CROSS JOIN LATERAL (SELECT {point} AS point) AS o
ORDER BY c.score DESC, c.full_text, c.code
