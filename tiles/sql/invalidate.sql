-- Exact invalidation of the vector tile cache (tiles_tilecache), installed by tiles/triggers.py.
--
-- One function for every layer; each layer table gets four statement-level triggers (insert, update, delete,
-- truncate) whose arguments come from the layer registry:
--   TG_ARGV[0]    the layer id: its row in tiles_layerversion
--   TG_ARGV[1]    the geometry column of the layer table (EPSG:4490)
--   TG_ARGV[2]    the primary key column of the layer table
--   TG_ARGV[3..]  the tilesets that draw the layer: its own and the composite 'all'
-- The insert / update / delete triggers see the changed rows in the transition tables old_rows / new_rows.
--
-- A cached tile goes when its stored envelope (tile + buffer, EPSG:4490) overlaps (&&) an old or a new geometry:
-- the very test the tile query reads rows with. && depends on bounding boxes only, so an updated row whose box
-- did not move (an attribute edit) is tested once, with its new geometry.
CREATE OR REPLACE FUNCTION tiles_invalidate() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    layer_id text   := TG_ARGV[0];
    geom_col text   := TG_ARGV[1];
    pk_col   text   := TG_ARGV[2];
    tilesets text[] := TG_ARGV[3:TG_NARGS - 1];
    -- above this many changed boxes, probing the cache's index once per box costs more than indexing the boxes
    -- and probing them once per candidate tile; a session may tune it: SET pingding.tiles_invalidate_bulk = n
    bulk     integer := coalesce(nullif(current_setting('pingding.tiles_invalidate_bulk', true), '')::integer, 256);
    -- up to this many cached tiles in a bulk update's extent, its boxes get a BRIN index, above it a GiST index
    -- (SET pingding.tiles_invalidate_brin_tiles = n)
    brin_tiles integer := coalesce(nullif(current_setting('pingding.tiles_invalidate_brin_tiles', true), '')::integer,
                                   256);
    changed  text;
    boxes    bigint;
    touched  boolean;
    extent   geometry;
    tiles    bigint;
BEGIN
    IF TG_OP <> 'TRUNCATE' THEN
        -- an update's new rows are there exactly when its old rows are: one row tells whether anything changed
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', CASE TG_OP WHEN 'DELETE' THEN 'old_rows' ELSE 'new_rows' END)
            INTO touched;
        IF NOT touched THEN
            RETURN NULL;  -- the statement changed no row: nothing to invalidate, no lock to take
        END IF;
        changed := CASE TG_OP
            WHEN 'INSERT' THEN format('SELECT %I AS g FROM new_rows', geom_col)
            WHEN 'DELETE' THEN format('SELECT %I AS g FROM old_rows', geom_col)
            ELSE format(
                'SELECT %1$I AS g FROM new_rows'
                ' UNION ALL SELECT o.%1$I FROM old_rows AS o LEFT JOIN new_rows AS n ON n.%2$I = o.%2$I'
                ' WHERE n.%2$I IS NULL OR NOT (o.%1$I ~= n.%1$I)',
                geom_col, pk_col)
        END;
    END IF;

    -- 1. Give the layer a new data version, from a sequence so that no value is ever used twice, not even after
    --    a rollback. The row lock this takes lasts until our transaction ends, and a tile rendered meanwhile is
    --    not stored (its writer reads this row FOR SHARE SKIP LOCKED; see tiles/cache.py).
    INSERT INTO tiles_layerversion (layer, version) VALUES (layer_id, nextval('tiles_layerversion_seq'))
    ON CONFLICT (layer) DO UPDATE SET version = EXCLUDED.version;

    -- 2. Delete every cached tile that read, or would now read, a changed row, at every zoom (a clustered
    --    low-zoom tile is covered the same way).
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM tiles_tilecache WHERE tileset = ANY (tilesets);
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM tiles_tilecache WHERE tileset = ANY (tilesets)) THEN
        RETURN NULL;  -- nothing cached for these tilesets (a cold cache, e.g. while seeding or importing)
    END IF;
    -- the boxes are counted only when some tile is cached, and only up to bulk + 1: whether there are more than
    -- bulk says how to probe the cache (counting all of a bulk update's boxes cost a pass over its rows)
    EXECUTE format('SELECT count(*) FROM (%s LIMIT $1) AS changed', changed) INTO boxes USING bulk + 1;
    IF boxes <= bulk THEN
        -- a few boxes: one probe of the cache's GiST index per box
        EXECUTE format(
            'DELETE FROM tiles_tilecache AS c USING (%s) AS changed'
            ' WHERE c.tileset = ANY ($1) AND c.env && changed.g', changed)
        USING tilesets;
    ELSE
        -- many boxes (a bulk update): stored in their spatial order (geometry sorts along a space-filling curve),
        -- indexed, then that index probed once per cached tile of their extent. A BRIN index of one page per range
        -- builds in a tenth of a GiST's time, but each probe reads all of its ranges: it serves up to brin_tiles.
        -- (Building either index gives the planner the table's size: no ANALYZE, which cost more than the DELETE.)
        EXECUTE format('CREATE TEMP TABLE tiles_invalidate_changed ON COMMIT DROP AS SELECT g FROM (%s) AS c ORDER BY g',
                       changed);
        SELECT ST_Extent(g)::geometry INTO extent FROM tiles_invalidate_changed;
        SELECT count(*) INTO tiles FROM tiles_tilecache AS c WHERE c.tileset = ANY (tilesets) AND c.env && extent;
        IF tiles <= brin_tiles THEN
            CREATE INDEX ON tiles_invalidate_changed USING brin (g) WITH (pages_per_range = 1);
        ELSE
            CREATE INDEX ON tiles_invalidate_changed USING gist (g);
        END IF;
        DELETE FROM tiles_tilecache AS c
        WHERE c.tileset = ANY (tilesets) AND c.env && extent
          AND EXISTS (SELECT 1 FROM tiles_invalidate_changed AS changed WHERE changed.g && c.env);
        DROP TABLE tiles_invalidate_changed;
    END IF;
    RETURN NULL;
END
$$;
