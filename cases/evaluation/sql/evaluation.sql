-- Performance evaluation (GB/T 30428.4) of one period, grouped by `by` (cases.evaluation.grouping): one statement.
-- Scope: %(grids)s (a grid member's grids) and %(department)s (a department's name) restrict the cases; NULL: all.
-- Period: local days %(first)s .. %(last)s (Asia/Shanghai), i.e. [%(start)s, %(end)s). Times are timestamptz.
-- A case is filed at its first `file` step (a case opened without steps: its incident's accepted_at, else its
-- report time); it counts when filed in the period. Closed: in state closed, its last `close` step (else the
-- incident's closed_at) before the period's end. On time: every `feed_back` step before the end was taken at or before
-- the deadline the case ran against just before it (the deadline_at of the step before). Reworked: a `reopen` step
-- before the end. Handling hours: working hours (worktime_hours_between, the default calendar) from the first
-- `dispatch` to the last `feed_back` before the end. Patrol coverage: the grid-days of the period, each the stored
-- share (cases.patrols' Coverage: the grid's road length within the buffer of that day's tracks touching the grid;
-- 0 on a day without a row), averaged over the group's grids that have roads (their stored road length, measured here
-- for a grid not measured yet); lengths in EPSG:4547 metres.
WITH steps AS (
    SELECT s.case_id, s.action, s.at,
           lag(s.deadline_at) OVER (PARTITION BY s.case_id ORDER BY s.at, s.id) AS running_deadline
    FROM {step} AS s
    JOIN {incident} AS i0 ON i0.id = s.case_id AND i0.reported_at < %(end)s
    WHERE s.at < %(end)s
),
facts AS (
    SELECT c.incident_id AS id, c.department, i.grid_code,
           coalesce(min(s.at) FILTER (WHERE s.action = 'file'), i.accepted_at, i.reported_at) AS filed_at,
           c.state = 'closed' AND coalesce(max(s.at) FILTER (WHERE s.action = 'close'), i.closed_at) < %(end)s AS closed,
           count(*) FILTER (WHERE s.action = 'feed_back') AS fed_back,
           count(*) FILTER (WHERE s.action = 'feed_back' AND s.at > s.running_deadline) AS late,
           count(*) FILTER (WHERE s.action = 'reopen') > 0 AS reworked,
           min(s.at) FILTER (WHERE s.action = 'dispatch') AS dispatched_at,
           max(s.at) FILTER (WHERE s.action = 'feed_back') AS handled_at
    FROM {case} AS c
    JOIN {incident} AS i ON i.id = c.incident_id
    LEFT JOIN steps AS s ON s.case_id = c.incident_id
    WHERE c.state NOT IN ('reported', 'rejected') AND i.reported_at < %(end)s 
      AND (%(grids)s::text[] IS NULL OR i.grid_code = ANY(%(grids)s))
      AND (%(department)s::text IS NULL OR c.department = %(department)s)
    GROUP BY c.incident_id, i.id, i.code  -- (id, code): the incidents' key, partitioned by code
),
filed AS (
    SELECT f.*, g.town_code, {case_key} AS key,
           CASE WHEN f.dispatched_at IS NOT NULL AND f.handled_at IS NOT NULL
                THEN worktime_hours_between(f.dispatched_at, f.handled_at) END AS handling_hours
    FROM facts AS f LEFT JOIN {grid} AS g ON g.code = f.grid_code
    WHERE f.filed_at >= %(start)s AND f.filed_at < %(end)s
),
figures AS (
    SELECT key, count(*) AS filed, count(*) FILTER (WHERE closed) AS closed,
           count(*) FILTER (WHERE fed_back > 0) AS fed_back, count(*) FILTER (WHERE fed_back > 0 AND late = 0) AS on_time,
           count(*) FILTER (WHERE reworked) AS reworked, avg(handling_hours) AS handling_hours
    FROM filed GROUP BY key
),
roads AS (
    SELECT g.code, g.town_code,
           coalesce(gr.road_m,
                    (SELECT sum(ST_Length(ST_Transform(
                                ST_CollectionExtract(ST_Intersection(rd.geom, g.geom), 2), 4547)))
                     FROM {road} AS rd WHERE ST_Intersects(rd.geom, g.geom))) AS road_m
    FROM {grid} AS g LEFT JOIN {gridroads} AS gr ON gr.grid_code = g.code
    WHERE %(coverage)s AND (%(grids)s::text[] IS NULL OR g.code = ANY(%(grids)s))
),
grid_days AS (
    SELECT c.grid_code AS code, c.share AS coverage FROM {coverage} AS c
    WHERE c.day BETWEEN %(first)s AND %(last)s AND %(coverage)s AND c.share IS NOT NULL
      AND (%(grids)s::text[] IS NULL OR c.grid_code = ANY(%(grids)s))
),
coverage AS (
    SELECT {grid_key} AS key, coalesce(sum(d.coverage), 0) / (count(DISTINCT r.code) * %(days)s) AS coverage
    FROM roads AS r LEFT JOIN grid_days AS d ON d.code = r.code
    WHERE r.road_m > 0
    GROUP BY 1
)
SELECT grp.code, grp.name, coalesce(f.filed, 0), coalesce(f.closed, 0), coalesce(f.fed_back, 0),
       coalesce(f.on_time, 0), coalesce(f.reworked, 0), f.handling_hours, v.coverage
FROM ({groups}) AS grp
LEFT JOIN figures AS f ON f.key = grp.code
LEFT JOIN coverage AS v ON v.key = grp.code
ORDER BY grp.code
