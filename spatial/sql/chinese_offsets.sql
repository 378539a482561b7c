-- GCJ-02 and BD-09 offsets inside PostGIS (3.3), so that one SQL statement can
-- return features or vector tiles in the coordinates WeChat, Tencent, AMap and
-- Baidu maps expect.
--
-- Same formulae and constants as spatial/chinese.py, vertex for vertex
-- (tests/spatial/test_sql_offsets.py compares them to 1e-9 degrees).
-- Input: lon/lat degrees, x = longitude, in SRID 4490 (CGCS2000, taken as
-- coincident with WGS 84: a few cm to dm in the county) or 4326 (0 is read as
-- lon/lat too). Output: the same geometry type with every vertex offset,
-- SRID 4326, x = GCJ-02 (or BD-09) longitude, y = latitude. Z and M values
-- are kept. Points outside the published China rectangle are returned
-- unchanged, as in the Python module. GCJ-02 is an obfuscation, not a datum;
-- the result is only for display on those maps, never for storage.
--
-- Cost: one PL/pgSQL call per vertex. Clip and simplify first, offset last,
-- e.g. pd_wgs84_to_gcj02(ST_Simplify(ST_Intersection(geom, envelope), tol)).
--
-- Installed by a Django migration through spatial.sql.load("chinese_offsets");
-- every statement is CREATE OR REPLACE, so running it again is safe.

-- True inside the rectangle the published algorithm treats as China.
CREATE OR REPLACE FUNCTION pd_in_china(lon double precision, lat double precision)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT lon >= 72.004 AND lon <= 137.8347 AND lat >= 0.8293 AND lat <= 55.8271
$$;

-- One point, WGS 84 lon/lat degrees to GCJ-02 lon/lat degrees.
CREATE OR REPLACE FUNCTION pd_wgs84_to_gcj02_xy(
    lon double precision, lat double precision,
    OUT x double precision, OUT y double precision)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    a CONSTANT double precision := 6378245.0;
    ee CONSTANT double precision := 0.00669342162296594323;
    tx double precision := lon - 105.0;
    ty double precision := lat - 35.0;
    dlat double precision;
    dlon double precision;
    radlat double precision;
    magic double precision;
    sqrtmagic double precision;
BEGIN
    IF NOT pd_in_china(lon, lat) THEN
        x := lon;
        y := lat;
        RETURN;
    END IF;
    dlat := -100.0 + 2.0 * tx + 3.0 * ty + 0.2 * ty * ty + 0.1 * tx * ty + 0.2 * sqrt(abs(tx));
    dlat := dlat + (20.0 * sin(6.0 * tx * pi()) + 20.0 * sin(2.0 * tx * pi())) * 2.0 / 3.0;
    dlat := dlat + (20.0 * sin(ty * pi()) + 40.0 * sin(ty / 3.0 * pi())) * 2.0 / 3.0;
    dlat := dlat + (160.0 * sin(ty / 12.0 * pi()) + 320.0 * sin(ty * pi() / 30.0)) * 2.0 / 3.0;
    dlon := 300.0 + tx + 2.0 * ty + 0.1 * tx * tx + 0.1 * tx * ty + 0.1 * sqrt(abs(tx));
    dlon := dlon + (20.0 * sin(6.0 * tx * pi()) + 20.0 * sin(2.0 * tx * pi())) * 2.0 / 3.0;
    dlon := dlon + (20.0 * sin(tx * pi()) + 40.0 * sin(tx / 3.0 * pi())) * 2.0 / 3.0;
    dlon := dlon + (150.0 * sin(tx / 12.0 * pi()) + 300.0 * sin(tx / 30.0 * pi())) * 2.0 / 3.0;
    radlat := lat / 180.0 * pi();
    magic := 1.0 - ee * sin(radlat) ^ 2;
    sqrtmagic := sqrt(magic);
    dlat := (dlat * 180.0) / ((a * (1.0 - ee)) / (magic * sqrtmagic) * pi());
    dlon := (dlon * 180.0) / (a / sqrtmagic * cos(radlat) * pi());
    x := lon + dlon;
    y := lat + dlat;
END
$$;

-- One point, GCJ-02 lon/lat degrees to BD-09 lon/lat degrees (Baidu's formula).
CREATE OR REPLACE FUNCTION pd_gcj02_to_bd09_xy(
    lon double precision, lat double precision,
    OUT x double precision, OUT y double precision)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    x_pi CONSTANT double precision := pi() * 3000.0 / 180.0;
    z double precision;
    theta double precision;
BEGIN
    IF NOT pd_in_china(lon, lat) THEN
        x := lon;
        y := lat;
        RETURN;
    END IF;
    z := sqrt(lon * lon + lat * lat) + 0.00002 * sin(lat * x_pi);
    theta := atan2(lat, lon) + 0.000003 * cos(lon * x_pi);
    x := z * cos(theta) + 0.0065;
    y := z * sin(theta) + 0.006;
END
$$;

-- One point, WGS 84 lon/lat degrees to BD-09 lon/lat degrees, through GCJ-02.
CREATE OR REPLACE FUNCTION pd_wgs84_to_bd09_xy(
    lon double precision, lat double precision,
    OUT x double precision, OUT y double precision)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    g record;
BEGIN
    g := pd_wgs84_to_gcj02_xy(lon, lat);
    SELECT b.x, b.y INTO x, y FROM pd_gcj02_to_bd09_xy(g.x, g.y) AS b;
END
$$;

-- One point geometry offset to target 'GCJ02' or 'BD09', keeping Z and M.
CREATE OR REPLACE FUNCTION pd_offset_point(p geometry, target text)
RETURNS geometry
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    o record;
BEGIN
    IF target = 'GCJ02' THEN
        o := pd_wgs84_to_gcj02_xy(ST_X(p), ST_Y(p));
    ELSE
        o := pd_wgs84_to_bd09_xy(ST_X(p), ST_Y(p));
    END IF;
    RETURN ST_SetSRID(
        CASE ST_Zmflag(p)
            WHEN 0 THEN ST_MakePoint(o.x, o.y)
            WHEN 1 THEN ST_MakePointM(o.x, o.y, ST_M(p))
            WHEN 2 THEN ST_MakePoint(o.x, o.y, ST_Z(p))
            ELSE ST_MakePoint(o.x, o.y, ST_Z(p), ST_M(p))
        END,
        4326);
END
$$;

-- A LineString (or polygon ring) with every vertex offset, vertex order kept.
CREATE OR REPLACE FUNCTION pd_offset_line(line geometry, target text)
RETURNS geometry
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
BEGIN
    RETURN (
        SELECT ST_SetSRID(ST_MakeLine(array_agg(pd_offset_point(d.geom, target) ORDER BY d.path[1])), 4326)
        FROM ST_DumpPoints(line) AS d
    );
END
$$;

-- Any geometry offset to target 'GCJ02' or 'BD09': Point, LineString, Polygon
-- with holes, Multi*, and GeometryCollection (recursing into its members).
CREATE OR REPLACE FUNCTION pd_chinese_offset(geom geometry, target text)
RETURNS geometry
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    gtype text := ST_GeometryType(geom);
    parts geometry[];
BEGIN
    IF target NOT IN ('GCJ02', 'BD09') THEN
        RAISE EXCEPTION 'pd_chinese_offset: unknown target %', target
            USING HINT = 'Use ''GCJ02'' or ''BD09''.';
    END IF;
    IF ST_SRID(geom) NOT IN (0, 4326, 4490) THEN
        RAISE EXCEPTION 'pd_chinese_offset: expected lon/lat degrees in SRID 4490 or 4326, got SRID %', ST_SRID(geom)
            USING HINT = 'Transform first, e.g. pd_wgs84_to_gcj02(ST_Transform(geom, 4490)).';
    END IF;
    IF ST_IsEmpty(geom) THEN
        RETURN ST_SetSRID(geom, 4326);
    END IF;
    IF gtype = 'ST_Point' THEN
        RETURN pd_offset_point(geom, target);
    ELSIF gtype = 'ST_LineString' THEN
        RETURN pd_offset_line(geom, target);
    ELSIF gtype = 'ST_Polygon' THEN
        RETURN ST_MakePolygon(
            pd_offset_line(ST_ExteriorRing(geom), target),
            ARRAY(
                SELECT pd_offset_line(ST_InteriorRingN(geom, n), target)
                FROM generate_series(1, ST_NumInteriorRings(geom)) AS n
                ORDER BY n));
    ELSIF gtype IN ('ST_MultiPoint', 'ST_MultiLineString', 'ST_MultiPolygon', 'ST_GeometryCollection') THEN
        parts := ARRAY(
            SELECT pd_chinese_offset(ST_SetSRID(ST_GeometryN(geom, n), 4326), target)
            FROM generate_series(1, ST_NumGeometries(geom)) AS n
            ORDER BY n);
        IF gtype = 'ST_GeometryCollection' THEN
            RETURN ST_SetSRID(ST_ForceCollection(ST_Collect(parts)), 4326);
        END IF;
        RETURN ST_SetSRID(ST_Multi(ST_Collect(parts)), 4326);
    END IF;
    RAISE EXCEPTION 'pd_chinese_offset: geometry type % is not supported', gtype
        USING HINT = 'Use Point, LineString, Polygon, their Multi forms or GeometryCollection '
                     '(curves: ST_CurveToLine first).';
END
$$;

-- Any geometry in CGCS2000/WGS 84 lon/lat to GCJ-02 lon/lat, SRID 4326.
CREATE OR REPLACE FUNCTION pd_wgs84_to_gcj02(geom geometry)
RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT pd_chinese_offset(geom, 'GCJ02')
$$;

-- Any geometry in CGCS2000/WGS 84 lon/lat to BD-09 lon/lat, SRID 4326.
CREATE OR REPLACE FUNCTION pd_wgs84_to_bd09(geom geometry)
RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT pd_chinese_offset(geom, 'BD09')
$$;
