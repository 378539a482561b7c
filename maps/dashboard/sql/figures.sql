-- Every figure of the dashboard as ONE JSON document, in one statement. The window: the %(days)s local days
-- (Asia/Shanghai) ending on the day of the latest case's report (today when there is none), so that a county whose last
-- case is older (a seeded year) still shows its last weeks. A case is filed at its incident's accepted_at and closed
-- at its closed_at (the loop sets both, in the step's transaction); open: a state in %(open)s; overdue: open with its
-- deadline before now(). Points in EPSG:4490 lon/lat.
WITH bounds AS (
    SELECT d.last, d.last - (%(days)s - 1) AS first,
           (d.last - (%(days)s - 1))::timestamp AT TIME ZONE 'Asia/Shanghai' AS starts,
           (d.last + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS ends
    FROM (SELECT coalesce((max(reported_at) AT TIME ZONE 'Asia/Shanghai')::date,
                          (now() AT TIME ZONE 'Asia/Shanghai')::date) AS last
          FROM {case} AS c JOIN {incident} AS i ON i.id = c.incident_id) AS d
),
cases AS (
    SELECT c.state, c.department, i.grid_code, i.geom, i.reported_at,
           c.state = ANY(%(open)s) AS open,
           c.state = ANY(%(open)s) AND c.deadline_at < now() AS overdue,
           i.accepted_at >= b.starts AND i.accepted_at < b.ends AS filed,
           c.state = 'closed' AND i.closed_at >= b.starts AND i.closed_at < b.ends AS closed,
           (i.accepted_at AT TIME ZONE 'Asia/Shanghai')::date AS filed_day,
           CASE WHEN c.state = 'closed' THEN (i.closed_at AT TIME ZONE 'Asia/Shanghai')::date END AS closed_day
    FROM {case} AS c JOIN {incident} AS i ON i.id = c.incident_id CROSS JOIN bounds AS b
),
states AS (
    SELECT state, count(*) AS cases, count(*) FILTER (WHERE overdue) AS overdue FROM cases GROUP BY state
),
trend AS (
    SELECT d::date AS day, coalesce(f.n, 0) AS filed, coalesce(k.n, 0) AS closed
    FROM bounds AS b CROSS JOIN generate_series(b.first, b.last, interval '1 day') AS d
    LEFT JOIN (SELECT filed_day, count(*) AS n FROM cases WHERE filed GROUP BY filed_day) AS f ON f.filed_day = d::date
    LEFT JOIN (SELECT closed_day, count(*) AS n FROM cases WHERE closed GROUP BY closed_day) AS k ON k.closed_day = d::date
),
grids AS (
    SELECT grid_code AS code, count(*) FILTER (WHERE filed) AS filed, count(*) FILTER (WHERE closed) AS closed,
           count(*) FILTER (WHERE open) AS open
    FROM cases WHERE grid_code IS NOT NULL GROUP BY grid_code
),
departments AS (
    SELECT department, count(*) FILTER (WHERE open) AS open, count(*) FILTER (WHERE overdue) AS overdue,
           count(*) FILTER (WHERE filed) AS filed, count(*) FILTER (WHERE closed) AS closed
    FROM cases WHERE department <> '' GROUP BY department
)
SELECT json_build_object(
    'from', (SELECT first FROM bounds), 'to', (SELECT last FROM bounds), 'days', %(days)s,
    'totals', (SELECT json_build_object('cases', count(*), 'open', count(*) FILTER (WHERE open),
                                        'overdue', count(*) FILTER (WHERE overdue),
                                        'filed', count(*) FILTER (WHERE filed), 'closed', count(*) FILTER (WHERE closed))
               FROM cases),
    'states', (SELECT coalesce(json_agg(json_build_object('state', state, 'cases', cases, 'overdue', overdue)
                                        ORDER BY array_position(%(states)s, state)), '[]') FROM states),
    'trend', (SELECT json_agg(json_build_object('day', day, 'filed', filed, 'closed', closed) ORDER BY day) FROM trend),
    'grids', (SELECT coalesce(json_object_agg(code, json_build_object(
                  'filed', filed, 'closed', closed, 'open', open,
                  'closure_rate', CASE WHEN filed > 0 THEN round(closed::numeric / filed, 4) END)
                  ORDER BY code), '{{}}') FROM grids),
    'departments', (SELECT coalesce(json_agg(json_build_object(
                  'department', department, 'open', open, 'overdue', overdue, 'filed', filed, 'closed', closed,
                  'closure_rate', CASE WHEN filed > 0 THEN round(closed::numeric / filed, 4) END)
                  ORDER BY open DESC, department), '[]') FROM departments),
    'heat', (SELECT coalesce(json_agg(json_build_array(round(ST_X(geom)::numeric, 5), round(ST_Y(geom)::numeric, 5))
                                      ORDER BY reported_at), '[]')
             FROM cases, bounds AS b WHERE open OR (reported_at >= b.starts AND reported_at < b.ends))
)::text
