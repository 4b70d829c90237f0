-- An official, or a relative he declared, holds a role in a company that deals with a department the
-- official answers for: his own, those below it when he holds a leading post, and those he oversees
-- (with the units below them).
WITH officials AS (
    SELECT staff_no, name, department_code, is_leader
    FROM staff_roster
    WHERE status = 'active'
),
reach AS (
    SELECT o.staff_no, o.department_code AS department_code
    FROM officials o
    UNION
    SELECT o.staff_no, d.code AS department_code
    FROM officials o
    JOIN departments d
      ON o.is_leader = 1 AND d.code <> o.department_code AND contains(d.path, '/' || o.department_code || '/')
    UNION
    SELECT v.staff_no, d.code AS department_code
    FROM oversight v
    JOIN officials o ON o.staff_no = v.staff_no
    JOIN departments d ON contains(d.path, '/' || v.department_code || '/')
),
matched AS (
    SELECT l.staff_no, l.credit_code, l.company_name, l.holder_kind, l.role,
           c.department_code AS deal_department, c.source, c.records, c.amount, c.first_on, c.last_on, c.reference_ids
    FROM company_role_links l
    JOIN reach r ON r.staff_no = l.staff_no
    JOIN counterparties c ON c.credit_code = l.credit_code AND c.department_code = r.department_code
    WHERE (l.start_on IS NULL OR l.start_on <= c.last_on)
      AND (l.end_on IS NULL OR l.end_on >= c.first_on)
),
deals AS (
    SELECT staff_no, credit_code,
           string_agg(deal_department || ':' || source, ',' ORDER BY deal_department, source) AS dealings,
           sum(records) AS records, sum(amount) AS amount, min(first_on) AS first_on, max(last_on) AS last_on,
           string_agg(CASE WHEN source = 'payment' THEN reference_ids END, ',' ORDER BY deal_department) AS evidence_ids
    FROM (SELECT DISTINCT staff_no, credit_code, deal_department, source, records, amount, first_on, last_on, reference_ids
          FROM matched) AS d
    GROUP BY staff_no, credit_code
),
holdings AS (
    SELECT staff_no, credit_code, any_value(company_name) AS company_name,
           string_agg(holder || '·' || role_zh, '，' ORDER BY holder, role_zh) AS holders
    FROM (SELECT DISTINCT staff_no, credit_code, company_name,
                 CASE holder_kind WHEN 'self' THEN '本人' ELSE '申报亲属' END AS holder,
                 CASE role WHEN 'legal_rep' THEN '法定代表人' WHEN 'shareholder' THEN '股东' ELSE '董监高' END AS role_zh
          FROM matched) AS h
    GROUP BY staff_no, credit_code
)
SELECT h.staff_no || '|' || h.credit_code AS subject_key,
       nullif($route_department, '') AS department_code,
       h.staff_no,
       o.name AS official_name,
       o.department_code AS official_department,
       h.company_name,
       h.credit_code,
       h.holders,
       d.dealings,
       d.records,
       d.amount,
       d.first_on,
       d.last_on,
       d.evidence_ids
FROM holdings h
JOIN deals d ON d.staff_no = h.staff_no AND d.credit_code = h.credit_code
JOIN officials o ON o.staff_no = h.staff_no
ORDER BY h.staff_no, h.credit_code
