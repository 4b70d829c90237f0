-- The earliest end of service (a notice, or the roster's own status) against later pay months.
WITH ended AS (
    SELECT id_hash, kind, event_on, 'notice' AS source
    FROM life_events
    UNION ALL
    SELECT id_hash,
           CASE status WHEN 'deceased' THEN 'death' WHEN 'retired' THEN 'retirement' ELSE 'departure' END AS kind,
           left_on AS event_on, 'roster' AS source
    FROM staff_roster
    WHERE status <> 'active' AND left_on IS NOT NULL AND id_hash IS NOT NULL
),
first_end AS (
    SELECT id_hash, kind, event_on, source
    FROM ended
    QUALIFY row_number() OVER (PARTITION BY id_hash ORDER BY event_on, kind, source) = 1
),
pay AS (
    SELECT p.payroll_id, p.department_code, p.staff_no, p.name, p.pay_month, p.amount,
           coalesce(p.id_hash, r.id_hash) AS id_hash
    FROM payroll p
    LEFT JOIN staff_roster r ON p.id_hash IS NULL AND r.staff_no = p.staff_no
),
late AS (
    SELECT pay.payroll_id, pay.department_code, pay.staff_no, pay.name, pay.pay_month, pay.amount,
           e.kind, e.event_on, e.source
    FROM pay
    JOIN first_end e ON e.id_hash = pay.id_hash
    WHERE (year(pay.pay_month) - year(e.event_on)) * 12 + month(pay.pay_month) - month(e.event_on) > $grace_months
)
SELECT department_code || '|' || staff_no AS subject_key,
       department_code,
       staff_no,
       any_value(name) AS name,
       any_value(kind) AS event,
       any_value(event_on) AS event_on,
       any_value(source) AS event_source,
       count(*) AS payroll_lines_after,
       sum(amount) AS amount_after,
       min(pay_month) AS first_month,
       max(pay_month) AS last_month,
       string_agg(payroll_id, ',' ORDER BY pay_month, payroll_id) AS evidence_ids
FROM late
GROUP BY department_code, staff_no
ORDER BY department_code, staff_no
