-- Working hours in SQL, the same rules as cases/worktime/hours.py (a test holds them to agree).
-- A day's working periods: none on a holiday; Monday's (weekday 0) on an adjusted working day (调休); else its
-- weekday's. Periods are local times of Asia/Shanghai. cal NULL: the default calendar.

CREATE OR REPLACE FUNCTION worktime_intervals(cal bigint, first_day date, last_day date)
RETURNS TABLE (starts timestamptz, ends timestamptz) LANGUAGE sql STABLE AS $$
    SELECT (d.day + p.start) AT TIME ZONE 'Asia/Shanghai', (d.day + p."end") AT TIME ZONE 'Asia/Shanghai'
    FROM generate_series(first_day, last_day, interval '1 day') AS g(ts)
    CROSS JOIN LATERAL (SELECT g.ts::date AS day) d
    LEFT JOIN LATERAL (SELECT h.kind FROM worktime_holiday h
                       WHERE h.calendar_id = cal AND d.day BETWEEN h.date_from AND h.date_to LIMIT 1) k ON true
    JOIN worktime_workperiod p ON p.calendar_id = cal
        AND p.weekday = CASE WHEN k.kind = 'workday' THEN 0 ELSE extract(isodow FROM d.day)::int - 1 END
    WHERE k.kind IS DISTINCT FROM 'holiday'
    ORDER BY 1
$$;

CREATE OR REPLACE FUNCTION worktime_default_calendar() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT id FROM worktime_workcalendar WHERE is_default
$$;

-- Working hours from a to b; negative when b is before a.
CREATE OR REPLACE FUNCTION worktime_hours_between(a timestamptz, b timestamptz, cal bigint DEFAULT NULL)
RETURNS double precision LANGUAGE sql STABLE AS $$
    SELECT sign(extract(epoch FROM b - a))::double precision * coalesce(sum(greatest(0,
               extract(epoch FROM least(i.ends, greatest(a, b)) - greatest(i.starts, least(a, b))))), 0) / 3600
    FROM worktime_intervals(coalesce(cal, worktime_default_calendar()),
                            (least(a, b) AT TIME ZONE 'Asia/Shanghai')::date,
                            (greatest(a, b) AT TIME ZONE 'Asia/Shanghai')::date) i
$$;

-- The instant `hours` working hours after `start` (searched a quarter at a time, for at most ten years).
CREATE OR REPLACE FUNCTION worktime_deadline_after(start timestamptz, hours double precision, cal bigint DEFAULT NULL)
RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
DECLARE
    cal_id bigint := coalesce(cal, worktime_default_calendar());
    left_s double precision := hours * 3600;
    first_day date := (start AT TIME ZONE 'Asia/Shanghai')::date;
    i record;
    b timestamptz;
    span double precision;
BEGIN
    IF hours < 0 THEN
        RAISE EXCEPTION 'working hours must be >= 0, got %', hours;
    END IF;
    IF left_s = 0 THEN
        RETURN start;
    END IF;
    FOR quarter IN 0..39 LOOP
        FOR i IN SELECT * FROM worktime_intervals(cal_id, first_day + quarter * 92, first_day + quarter * 92 + 91) LOOP
            b := greatest(i.starts, start);
            CONTINUE WHEN i.ends <= b;
            span := extract(epoch FROM i.ends - b);
            IF span >= left_s THEN
                RETURN b + make_interval(secs => left_s);
            END IF;
            left_s := left_s - span;
        END LOOP;
    END LOOP;
    RAISE EXCEPTION 'the calendar has fewer than % working hours in ten years', hours;
END
$$;
