-- Days with a check-in but no presence record at least $min_minutes_after minutes later, on days the
-- department did check presence, outside leave.
WITH checkins AS (
    SELECT department_code, staff_no, CAST(occurred_at AS DATE) AS day, min(occurred_at) AS first_in,
           min(event_id) AS event_id
    FROM attendance
    WHERE kind = 'check_in'
    GROUP BY department_code, staff_no, CAST(occurred_at AS DATE)
),
checked_days AS (
    SELECT DISTINCT department_code, CAST(occurred_at AS DATE) AS day
    FROM attendance
    WHERE kind = 'presence'
),
seen AS (
    SELECT DISTINCT c.staff_no, c.day
    FROM checkins c
    JOIN attendance a
      ON a.staff_no = c.staff_no AND a.kind = 'presence' AND CAST(a.occurred_at AS DATE) = c.day
     AND date_diff('minute', c.first_in, a.occurred_at) >= $min_minutes_after
),
excused AS (
    SELECT DISTINCT c.staff_no, c.day
    FROM checkins c
    JOIN leave_records l ON l.staff_no = c.staff_no AND c.day BETWEEN l.start_on AND l.end_on
),
vanished AS (
    SELECT c.department_code, c.staff_no, c.day, c.event_id
    FROM checkins c
    JOIN checked_days k ON k.department_code = c.department_code AND k.day = c.day
    LEFT JOIN seen s ON s.staff_no = c.staff_no AND s.day = c.day
    LEFT JOIN excused x ON x.staff_no = c.staff_no AND x.day = c.day
    WHERE s.staff_no IS NULL AND x.staff_no IS NULL
)
SELECT staff_no || '|' || CAST(year(day) AS VARCHAR) || '-' || lpad(CAST(month(day) AS VARCHAR), 2, '0') AS subject_key,
       department_code,
       staff_no,
       count(*) AS days_without_presence,
       string_agg(CAST(day AS VARCHAR), ',' ORDER BY day) AS days,
       string_agg(event_id, ',' ORDER BY day) AS evidence_ids
FROM vanished
GROUP BY department_code, staff_no, year(day), month(day)
HAVING count(*) > $max_days_per_month
ORDER BY subject_key
