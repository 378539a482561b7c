-- The history of every layer table (layers_history), installed by layers/history/triggers.py.
--
-- One function for every layer; each layer table gets four statement-level triggers (insert, update, delete,
-- truncate) whose arguments come from the layer registry:
--   TG_ARGV[0]  the layer id
--   TG_ARGV[1]  the primary key column of the layer table (the feature id)
--   TG_ARGV[2]  the geometry column (EPSG:4490), kept apart from the attributes
-- Who and through which path come from per-transaction settings (SET LOCAL, see layers/history/context.py):
-- pingding.actor_id, pingding.actor_name, pingding.path; unset means actor NULL and path 'sql'.
--
-- Statement-level with transition tables: one INSERT ... SELECT per statement, so re-snapping tens of thousands
-- of rows writes their history in one pass. An UPDATE that leaves a row exactly as it was records nothing.
-- A feature's version is one more than its last one (the unique index (layer, feature_id, version) answers that
-- with one probe); concurrent edits of one row are serialised by its row lock, and the unique index refuses any
-- version written twice.
-- Without JIT: the planner reckons a transition table joined to itself at millions of rows and compiles the
-- statement, which costs more than it runs (0.3 s of a 2 s update of 74,173 rows).
-- What it costs an UPDATE of all 74,173 components with this trigger alone (full-scale county, backend CPU time,
-- back to back on 2 busy cores; the bare UPDATE 0.15 s with fillfactor 50): 1.37 s when every row changed
-- (1.70 s when the two images were jsonb_build_object, compared as jsonb); 0.10 s when none did (0.77 s). Of the
-- 1.37 s: the two jsonb images ~0.65 s with their storage, the three index entries per row ~0.3 s, the version
-- probes ~0.15 s, the join of the transition tables ~0.12 s. Numbering the versions set-based (one grouped read of
-- the layer's history joined to the rows) measured slower (0.3-0.5 s); dropping the INCLUDE of (layer, changed_at)
-- saved 0.04 s, too little to give up the as-of read's index-only scan.
CREATE OR REPLACE FUNCTION layers_history_record() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    layer_id   text := TG_ARGV[0];
    pk_col     text := TG_ARGV[1];
    geom_col   text := TG_ARGV[2];
    actor_id   bigint := nullif(current_setting('pingding.actor_id', true), '')::bigint;
    actor_name text := nullif(current_setting('pingding.actor_name', true), '');
    edit_path  text := coalesce(nullif(current_setting('pingding.path', true), ''), 'sql');
    attributes text;
    compared   text;
    changed    text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        -- the table was emptied wholesale (a re-seed; identities may restart): its history no longer describes
        -- any feature that can exist, and would be read as the history of new features with the same ids
        DELETE FROM layers_history WHERE layer = layer_id;
        RETURN NULL;
    END IF;
    -- The attributes as jsonb: to_jsonb of a row of every column but the geometry (to_jsonb of the whole row would
    -- first turn the geometry into GeoJSON, looking up its CRS per row, five times the cost of the bulk UPDATE, only
    -- to drop it; a row is cheaper to turn into jsonb than jsonb_build_object's key/value arguments, 0.25 s against
    -- 0.32 s for 74,173 components).
    SELECT string_agg(format('%%1$s.%I AS %I', a.attname, a.attname), ', ' ORDER BY a.attnum),
           string_agg(format('%%1$s.%I', a.attname), ', ' ORDER BY a.attnum)
    INTO attributes, compared
    FROM pg_attribute AS a
    WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> geom_col;
    -- An update compares the two rows column by column before any jsonb is built (the geometry last, the dearest
    -- to compare): a row left as it was costs one comparison per column, and a changed one stops at its first
    -- changed column. Equal here is each type's own equality (the geometry's as before), which for the layers'
    -- types (text, numbers, dates, instants, geometry) is equality of their jsonb images.
    changed := CASE TG_OP
        WHEN 'INSERT' THEN format(
            'SELECT n.%1$I AS fid, NULL::jsonb AS a_before, to_jsonb(na) AS a_after,'
            ' NULL::geometry AS g_before, n.%2$I::geometry AS g_after'
            ' FROM new_rows AS n CROSS JOIN LATERAL (SELECT %3$s) AS na',
            pk_col, geom_col, format(attributes, 'n'))
        WHEN 'DELETE' THEN format(
            'SELECT o.%1$I AS fid, to_jsonb(oa) AS a_before, NULL::jsonb AS a_after,'
            ' o.%2$I::geometry AS g_before, NULL::geometry AS g_after'
            ' FROM old_rows AS o CROSS JOIN LATERAL (SELECT %3$s) AS oa',
            pk_col, geom_col, format(attributes, 'o'))
        ELSE format(
            'SELECT n.%1$I AS fid, to_jsonb(oa) AS a_before, to_jsonb(na) AS a_after,'
            ' o.%2$I::geometry AS g_before, n.%2$I::geometry AS g_after'
            ' FROM old_rows AS o JOIN new_rows AS n ON n.%1$I = o.%1$I'
            ' CROSS JOIN LATERAL (SELECT %3$s) AS oa CROSS JOIN LATERAL (SELECT %4$s) AS na'
            ' WHERE (%5$s, o.%2$I) IS DISTINCT FROM (%6$s, n.%2$I)',
            pk_col, geom_col, format(attributes, 'o'), format(attributes, 'n'),
            format(compared, 'o'), format(compared, 'n'))
    END;
    EXECUTE format(
        'INSERT INTO layers_history (layer, feature_id, version, operation, changed_at, txid, actor_id, actor_name,'
        ' path, attributes_before, attributes_after, geom_before, geom_after)'
        ' SELECT $1, c.fid, coalesce((SELECT max(h.version) FROM layers_history AS h'
        '   WHERE h.layer = $1 AND h.feature_id = c.fid), 0) + 1,'
        ' $2, transaction_timestamp(), txid_current(), $3, $4, $5, c.a_before, c.a_after, c.g_before, c.g_after'
        ' FROM (%s) AS c', changed)
    USING layer_id, lower(TG_OP), actor_id, actor_name, edit_path;
    RETURN NULL;
END
$$;
