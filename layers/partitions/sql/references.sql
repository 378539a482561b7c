-- Foreign keys into a partitioned table by a column that is not unique there (layers_incident's id: its unique key is
-- (id, code)), kept by triggers that behave as the foreign keys did (layers/partitions/references.py installs them,
-- one set per former constraint, named after it). Errors carry SQLSTATE 23503 (foreign_key_violation), the
-- constraint's name and PostgreSQL's own message and detail, so code that maps foreign key errors keeps working.

-- On the referencing table, row-level (a CONSTRAINT TRIGGER, deferred as the constraint was): one function per
-- reference, "<constraint>_check"(), made by layers/partitions/references.py with the tables and columns written in
-- (static SQL whose plans the session keeps: a dynamic EXECUTE per row made a bulk insert of 3,298 cases take 0.5 s
-- at commit instead of 0.12). At the check, the referencing row as it is now (found again by its key): gone, or
-- pointing elsewhere (that change queued its own check), means nothing to check; otherwise the referenced row must
-- exist, and is locked FOR KEY SHARE as the foreign key does. It refuses through layers_reference_refuse.
CREATE OR REPLACE FUNCTION layers_reference_refuse(constraint_name text, tbl text, col text, referenced text,
                                                   value text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', tbl, constraint_name
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = constraint_name, TABLE = tbl, COLUMN = col,
              DETAIL = format('Key (%s)=(%s) is not present in table "%s".', col, value, referenced);
END
$$;

-- On the referenced table, statement-level with the deleted rows' transition table (set-based: one statement per
-- referencing table whatever the number of rows deleted): layers_reference_on_delete(constraint, table, column,
-- action, referenced_column); action 'cascade' deletes the referencing rows, 'set null' empties their column,
-- 'restrict' refuses while any is left. Like a foreign key's actions, at the end of the deleting statement (they
-- are never deferred). A row moved to another partition by an UPDATE is not deleted (statement-level DELETE
-- triggers do not fire for it).
CREATE OR REPLACE FUNCTION layers_reference_on_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    value text;
BEGIN
    IF TG_ARGV[3] = 'cascade' THEN
        EXECUTE format('DELETE FROM %s WHERE %I IN (SELECT %I FROM old_rows)', TG_ARGV[1]::regclass, TG_ARGV[2], TG_ARGV[4]);
    ELSIF TG_ARGV[3] = 'set null' THEN
        EXECUTE format('UPDATE %s SET %2$I = NULL WHERE %2$I IN (SELECT %3$I FROM old_rows)', TG_ARGV[1]::regclass,
                       TG_ARGV[2], TG_ARGV[4]);
    ELSE
        EXECUTE format('SELECT min(%2$I)::text FROM %1$s WHERE %2$I IN (SELECT %3$I FROM old_rows)', TG_ARGV[1]::regclass,
                       TG_ARGV[2], TG_ARGV[4])
            INTO value;
        IF value IS NOT NULL THEN
            RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"',
                TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1]
                USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[0], TABLE = TG_ARGV[1],
                      SCHEMA = TG_TABLE_SCHEMA, COLUMN = TG_ARGV[2],
                      DETAIL = format('Key (%s)=(%s) is still referenced from table "%s".', TG_ARGV[4], value, TG_ARGV[1]);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- On the referenced table, row-level when the referenced column changes (a CONSTRAINT TRIGGER, deferred as the
-- constraint was; ON UPDATE NO ACTION): layers_reference_on_update(constraint, table, column, referenced,
-- referenced_column); it fires on the partition, so the referenced table is named. At the check the old value must
-- either exist again (in any partition) or be referenced no more.
CREATE OR REPLACE FUNCTION layers_reference_on_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    gone boolean;
BEGIN
    EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %1$s WHERE %2$I = ($1).%2$I)'
                   ' AND EXISTS (SELECT 1 FROM %3$s WHERE %4$I = ($1).%2$I)',
                   TG_ARGV[3]::regclass, TG_ARGV[4], TG_ARGV[1]::regclass, TG_ARGV[2])
        INTO gone USING OLD;
    IF gone THEN
        RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "%"',
            TG_ARGV[3], TG_ARGV[0], TG_ARGV[1]
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[0], TABLE = TG_ARGV[1],
                  SCHEMA = TG_TABLE_SCHEMA, COLUMN = TG_ARGV[2],
                  DETAIL = format('Key (%s)=(%s) is still referenced from table "%s".', TG_ARGV[4],
                                  to_jsonb(OLD) ->> TG_ARGV[4], TG_ARGV[1]);
    END IF;
    RETURN NULL;
END
$$;

-- On the referenced table, statement-level AFTER TRUNCATE: layers_reference_on_truncate(constraint, table). A foreign
-- key made TRUNCATE ... CASCADE of the referenced table empty the referencing tables too (and refused a TRUNCATE
-- without CASCADE); a trigger cannot tell the two apart, so a TRUNCATE of the referenced table always empties the
-- referencing table (CASCADE for what refers to that in turn), whatever its ON DELETE action.
CREATE OR REPLACE FUNCTION layers_reference_on_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('TRUNCATE %s CASCADE', TG_ARGV[1]::regclass);
    RETURN NULL;
END
$$;
