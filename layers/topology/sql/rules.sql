-- The topology rules of the layers, checked in the transaction of every write (installed by layers/topology/triggers.py
-- from the rules the layer registry declares). A breach raises check_violation (SQLSTATE 23514) with the rule as
-- the constraint name and a JSON DETAIL (rule, kind, feature, other, area_m2, location [lon, lat] in EPSG:4490),
-- which the API turns into a 409 naming the area and the place (layers/editing/database.py).
--
-- Areas are in square metres on the spheroid; a breach smaller than pingding.topology_tolerance_m2 (1 m² unless a
-- session sets it) is floating-point noise of edits made in other CRSs and passes.

-- The area in m² on the spheroid of the parts of a polygonal breach wider than about 2 cm (an opening by 1e-7°):
-- a vertex inserted on a shared edge (a grid split by a line) lies on its neighbour's straight edge only up to
-- floating point, and the sliver between them, nothing in the plane the layers are stored in, would measure
-- thousands of m² on the spheroid, where the edges are great-circle arcs. NULL for NULL.
CREATE OR REPLACE FUNCTION layers_topology_area_m2(g geometry) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN ST_IsEmpty(g) THEN 0::float8
                ELSE coalesce(ST_Area(ST_Buffer(ST_Buffer(g, -1e-7), 1e-7)::geography), 0::float8) END
$$;

-- "cover": the features cover the counties with no gap and no overlap (the base grids). A deferred constraint
-- trigger per changed row, so that a boundary moved between neighbours by two statements of one transaction is
-- judged once both are done (at commit, or at SET CONSTRAINTS ALL IMMEDIATE). It judges the rows as they are then:
-- the changed row's current geometry against its neighbours (overlap, outside the county), and the area the row
-- covered before or covers now (a gap where no feature covers the county any more).
--   TG_ARGV: 0 table, 1 pk column, 2 geometry column, 3 key column, 4 county table, 5 its geometry column,
--            6 its level column, 7 the county level value, 8 the rule's name
CREATE OR REPLACE FUNCTION layers_topology_cover() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    tbl text := TG_ARGV[0]; pk text := TG_ARGV[1]; geom_col text := TG_ARGV[2]; key_col text := TG_ARGV[3];
    counties text := TG_ARGV[4]; county_geom text := TG_ARGV[5]; level_col text := TG_ARGV[6];
    county_level text := TG_ARGV[7]; rule text := TG_ARGV[8];
    tolerance float8 := coalesce(nullif(current_setting('pingding.topology_tolerance_m2', true), '')::float8, 1.0);
    fid bigint; current_geom geometry; current_key text; old_geom geometry; region geometry;
    other_key text; area float8; place geometry; county geometry;
BEGIN
    IF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT ($1).%I', pk) INTO fid USING OLD;
    ELSE
        EXECUTE format('SELECT ($1).%I', pk) INTO fid USING NEW;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format('SELECT ($1).%I', geom_col) INTO old_geom USING OLD;
    END IF;
    EXECUTE format('SELECT t.%I, t.%I::text FROM %I AS t WHERE t.%I = $1', geom_col, key_col, tbl, pk)
        INTO current_geom, current_key USING fid;
    IF current_geom IS NOT NULL THEN
        EXECUTE format(
            'SELECT o.%2$I::text, layers_topology_area_m2(i.g), ST_PointOnSurface(i.g) FROM %1$I AS o'
            ' CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(o.%3$I, $1), 3) AS g) AS i'
            ' WHERE o.%4$I <> $2 AND o.%3$I && $1 AND ST_Relate(o.%3$I, $1, ''2********'')'
            ' ORDER BY 2 DESC LIMIT 1', tbl, key_col, geom_col, pk)
            INTO other_key, area, place USING current_geom, fid;
        IF area > tolerance THEN
            RAISE EXCEPTION '% % overlaps % by % m² around (% %)', tbl, current_key, other_key, round(area::numeric, 1),
                round(ST_X(place)::numeric, 6), round(ST_Y(place)::numeric, 6)
                USING ERRCODE = 'check_violation', CONSTRAINT = rule,
                DETAIL = json_build_object('rule', rule, 'kind', 'overlap', 'feature', current_key, 'other', other_key,
                    'area_m2', round(area::numeric, 2), 'location', json_build_array(ST_X(place), ST_Y(place)))::text;
        END IF;
        -- Outside its own county (the one whose code starts the feature's), or outside every county when the admin
        -- areas have no row of that code.
        EXECUTE format('SELECT ST_Difference($1, ST_Union(c.%1$I)) FROM %2$I AS c WHERE c.%3$I = $2 AND c.%1$I && $1'
                       ' AND (c.code = left($3, 6) OR NOT EXISTS (SELECT 1 FROM %2$I AS o WHERE o.%3$I = $2'
                       ' AND o.code = left($3, 6)))', county_geom, counties, level_col)
            INTO place USING current_geom, county_level, current_key;
        area := coalesce(layers_topology_area_m2(place), ST_Area(current_geom::geography));
        IF area > tolerance THEN
            place := coalesce(ST_PointOnSurface(place), ST_PointOnSurface(current_geom));
            RAISE EXCEPTION '% % reaches % m² outside the county of its code, %, around (% %)', tbl, current_key,
                left(current_key, 6),
                round(area::numeric, 1), round(ST_X(place)::numeric, 6), round(ST_Y(place)::numeric, 6)
                USING ERRCODE = 'check_violation', CONSTRAINT = rule,
                DETAIL = json_build_object('rule', rule, 'kind', 'outside', 'feature', current_key,
                    'area_m2', round(area::numeric, 2), 'location', json_build_array(ST_X(place), ST_Y(place)))::text;
        END IF;
    END IF;
    region := CASE WHEN old_geom IS NULL THEN current_geom WHEN current_geom IS NULL THEN old_geom
                   ELSE ST_Union(old_geom, current_geom) END;
    IF region IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT ST_Intersection($1, ST_Union(c.%I)) FROM %I AS c WHERE c.%I = $2 AND c.%I && $1',
                   county_geom, counties, level_col, county_geom)
        INTO county USING region, county_level;
    IF county IS NULL OR ST_IsEmpty(county) THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT ST_CollectionExtract(ST_Difference($1, coalesce(ST_Union(o.%1$I), ''GEOMETRYCOLLECTION EMPTY''::geometry)), 3)'
                   ' FROM %2$I AS o WHERE o.%1$I && $1', geom_col, tbl)
        INTO place USING county;
    area := layers_topology_area_m2(place);
    IF area > tolerance THEN
        place := ST_PointOnSurface(place);
        RAISE EXCEPTION '% leave a gap of % m² in the county around (% %) (next to %)', tbl, round(area::numeric, 1),
            round(ST_X(place)::numeric, 6), round(ST_Y(place)::numeric, 6), coalesce(current_key, fid::text)
            USING ERRCODE = 'check_violation', CONSTRAINT = rule,
            DETAIL = json_build_object('rule', rule, 'kind', 'gap', 'feature', coalesce(current_key, fid::text),
                'area_m2', round(area::numeric, 2), 'location', json_build_array(ST_X(place), ST_Y(place)))::text;
    END IF;
    RETURN NULL;
END
$$;

-- "no_overlap": no two features overlap (buildings). Statement-level: the rows a statement inserted or moved
-- against every other row of the table.
--   TG_ARGV: 0 table, 1 pk column, 2 geometry column, 3 key column, 4 the rule's name
CREATE OR REPLACE FUNCTION layers_topology_no_overlap() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    tbl text := TG_ARGV[0]; pk text := TG_ARGV[1]; geom_col text := TG_ARGV[2]; key_col text := TG_ARGV[3];
    rule text := TG_ARGV[4];
    tolerance float8 := coalesce(nullif(current_setting('pingding.topology_tolerance_m2', true), '')::float8, 1.0);
    moved text; feature_key text; other_key text; area float8; place geometry;
BEGIN
    moved := CASE TG_OP WHEN 'INSERT' THEN 'SELECT n.* FROM new_rows AS n'
        ELSE format('SELECT n.* FROM new_rows AS n JOIN old_rows AS o ON o.%1$I = n.%1$I WHERE o.%2$I IS DISTINCT FROM n.%2$I'
                    , pk, geom_col) END;
    EXECUTE format(
        'SELECT m.%2$I::text, b.%2$I::text, layers_topology_area_m2(i.g), ST_PointOnSurface(i.g) FROM (%5$s) AS m'
        ' JOIN %1$I AS b ON b.%4$I <> m.%4$I AND b.%3$I && m.%3$I AND ST_Relate(b.%3$I, m.%3$I, ''2********'')'
        ' CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(b.%3$I, m.%3$I), 3) AS g) AS i'
        ' ORDER BY 3 DESC LIMIT 1', tbl, key_col, geom_col, pk, moved)
        INTO feature_key, other_key, area, place;
    IF area > tolerance THEN
        RAISE EXCEPTION '% % overlaps % by % m² around (% %)', tbl, feature_key, other_key, round(area::numeric, 1),
            round(ST_X(place)::numeric, 6), round(ST_Y(place)::numeric, 6)
            USING ERRCODE = 'check_violation', CONSTRAINT = rule,
            DETAIL = json_build_object('rule', rule, 'kind', 'overlap', 'feature', feature_key, 'other', other_key,
                'area_m2', round(area::numeric, 2), 'location', json_build_array(ST_X(place), ST_Y(place)))::text;
    END IF;
    RETURN NULL;
END
$$;

-- "inside_county": every feature lies inside its own county: the county whose six-digit code starts the feature's
-- code, or any county when the admin areas have no row of that code (city components, buildings, addresses).
-- Partition pruning (layers/partitions/pruning.py) relies on it: a read in one county leaves the others' partitions
-- out. Statement-level, on the rows a statement inserted or moved.
--   TG_ARGV: 0 table, 1 pk column, 2 geometry column, 3 key column, 4 county table, 5 its geometry column,
--            6 its level column, 7 the county level value, 8 the rule's name
CREATE OR REPLACE FUNCTION layers_topology_inside() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    tbl text := TG_ARGV[0]; pk text := TG_ARGV[1]; geom_col text := TG_ARGV[2]; key_col text := TG_ARGV[3];
    counties text := TG_ARGV[4]; county_geom text := TG_ARGV[5]; level_col text := TG_ARGV[6];
    county_level text := TG_ARGV[7]; rule text := TG_ARGV[8];
    moved text; feature_key text; place geometry;
BEGIN
    moved := CASE TG_OP WHEN 'INSERT' THEN 'SELECT n.* FROM new_rows AS n'
        ELSE format('SELECT n.* FROM new_rows AS n JOIN old_rows AS o ON o.%1$I = n.%1$I WHERE o.%2$I IS DISTINCT FROM n.%2$I'
                    ' OR o.%3$I IS DISTINCT FROM n.%3$I', pk, geom_col, key_col) END;
    -- the moved rows found first (a hash join of the transition tables), then only they are tested against the
    -- county: inlined, the planner tested every updated row's geometry before it knew which ones moved
    EXECUTE format(
        'WITH m AS MATERIALIZED (%7$s)'
        ' SELECT m.%1$I::text, ST_PointOnSurface(m.%2$I) FROM m WHERE NOT EXISTS (SELECT 1 FROM %3$I AS c'
        ' WHERE c.%5$I = $1 AND c.%4$I && m.%2$I AND ST_CoveredBy(m.%2$I, c.%4$I) AND (c.code = left(m.%1$I, 6)'
        ' OR NOT EXISTS (SELECT 1 FROM %3$I AS o WHERE o.%5$I = $1 AND o.code = left(m.%1$I, 6)))) LIMIT 1',
        key_col, geom_col, counties, county_geom, level_col, county_level, moved)
        INTO feature_key, place USING county_level;
    IF feature_key IS NOT NULL THEN
        RAISE EXCEPTION '% % does not lie inside the county of its code, % (around % %)', tbl, feature_key,
            left(feature_key, 6),
            round(ST_X(place)::numeric, 6), round(ST_Y(place)::numeric, 6)
            USING ERRCODE = 'check_violation', CONSTRAINT = rule,
            DETAIL = json_build_object('rule', rule, 'kind', 'outside', 'feature', feature_key,
                'location', json_build_array(ST_X(place), ST_Y(place)))::text;
    END IF;
    RETURN NULL;
END
$$;
