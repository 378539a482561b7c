-- layers_serial_partition(part): no parallel workers on a partition. A page or a snap reads a few hundred rows of
-- one county, but the planner's estimate for a bounding box over many partitions tempts it into a Parallel Append
-- under a Gather, whose workers take some 30 ms to start: a page of 100 took 75 ms on ten counties instead of 13.
-- (PostgreSQL 15 takes the setting on partitions, not on the partitioned parent.)
CREATE OR REPLACE FUNCTION layers_serial_partition(part regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s SET (parallel_workers = 0)', part);
END
$$;

-- layers_partition_storage(part): the storage of a partition: serial (above), and the fillfactor of its table
-- (layers_partition_fillfactor, made from layers/partitions/storage.py), which leaves room on every page for the
-- new versions of its rows: an update that changes no indexed column then stays on its page and writes no index
-- entry (a HOT update). An existing partition takes the new fillfactor only when rewritten (VACUUM FULL).
CREATE OR REPLACE FUNCTION layers_partition_storage(part regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM layers_serial_partition(part);
    EXECUTE format('ALTER TABLE %s SET (fillfactor = %s)', part,
                   layers_partition_fillfactor((SELECT i.inhparent FROM pg_inherits AS i WHERE i.inhrelid = part)));
END
$$;

-- layers_name_partition_indexes(part, suffix): each index of a partition named after its parent's index plus the
-- suffix (address_road_number_140321, layers_component_pkey_140321), so that plans name the index the model
-- declares. Names are cut to PostgreSQL's 63 bytes before the suffix.
CREATE OR REPLACE FUNCTION layers_name_partition_indexes(part regclass, suffix text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    own text;
    parent text;
BEGIN
    FOR own, parent IN
        SELECT c.relname, p.relname FROM pg_index AS x
        JOIN pg_class AS c ON c.oid = x.indexrelid
        JOIN pg_inherits AS i ON i.inhrelid = x.indexrelid
        JOIN pg_class AS p ON p.oid = i.inhparent
        WHERE x.indrelid = part
    LOOP
        CONTINUE WHEN own = left(parent, 62 - length(suffix)) || '_' || suffix;
        EXECUTE format('ALTER INDEX %I RENAME TO %I', own, left(parent, 62 - length(suffix)) || '_' || suffix);
    END LOOP;
END
$$;

-- layers_add_county(county): the partitions of one county (GB/T 2260, six digits) on every layer table partitioned by
-- range of code (layers/partitions), named <table>_<county>, FROM (county) TO (county + 1): every code of a standard
-- layer starts with its county's code, so a county is a range of codes and writes route to its partition.
-- Idempotent (a table that has the partition already is left as it is); returns how many partitions it made.
-- Refuses, naming the table, when the DEFAULT partition already holds rows of that county: they would have to move.
CREATE OR REPLACE FUNCTION layers_add_county(county text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    upper_bound text;
    parent_name text;
    fallback text;
    stray bigint;
    made integer := 0;
BEGIN
    IF county IS NULL OR county !~ '^[1-8][0-9]{5}$' THEN
        RAISE EXCEPTION 'county code % is not six digits of GB/T 2260 (e.g. 140321)', coalesce(quote_literal(county), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    upper_bound := lpad((county::integer + 1)::text, 6, '0');
    FOR parent_name IN
        SELECT c.relname FROM pg_partitioned_table AS p
        JOIN pg_class AS c ON c.oid = p.partrelid
        JOIN pg_attribute AS a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relname LIKE 'layers\_%'
          AND p.partstrat = 'r' AND p.partnatts = 1 AND a.attname = 'code'
        ORDER BY c.relname
    LOOP
        CONTINUE WHEN to_regclass(quote_ident(parent_name || '_' || county)) IS NOT NULL;
        SELECT quote_ident(k.relname) INTO fallback FROM pg_inherits AS i JOIN pg_class AS k ON k.oid = i.inhrelid
        WHERE i.inhparent = quote_ident(parent_name)::regclass AND pg_get_expr(k.relpartbound, k.oid) = 'DEFAULT';
        IF fallback IS NOT NULL THEN
            EXECUTE format('SELECT count(*) FROM %s WHERE code >= $1 AND code < $2', fallback)
                INTO stray USING county, upper_bound;
            IF stray > 0 THEN
                RAISE EXCEPTION '% rows of county % already sit in the default partition %', stray, county, fallback
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          HINT = 'move them out (DELETE ... RETURNING into a holding table), add the county, insert them back';
            END IF;
        END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                       parent_name || '_' || county, parent_name, county, upper_bound);
        PERFORM layers_partition_storage(quote_ident(parent_name || '_' || county)::regclass);
        PERFORM layers_name_partition_indexes(quote_ident(parent_name || '_' || county)::regclass, county);
        made := made + 1;
    END LOOP;
    RETURN made;
END
$$;
