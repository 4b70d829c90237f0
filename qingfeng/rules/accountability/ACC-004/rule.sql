-- Who owes whom a talk: a leader and the principal heads of the departments he oversees; a principal head and
-- the principal heads of the departments directly below. A year is checked once its closing day has passed.
WITH heads AS (
    SELECT staff_no, department_code
    FROM accountability_officials
    WHERE is_principal = 1
),
duties AS (
    SELECT v.staff_no AS leader_staff_no, h.staff_no AS head_staff_no, h.department_code AS head_department
    FROM oversight v
    JOIN heads h ON h.department_code = v.department_code
    WHERE h.staff_no <> v.staff_no
    UNION
    SELECT l.staff_no AS leader_staff_no, h.staff_no AS head_staff_no, h.department_code AS head_department
    FROM heads l
    JOIN departments d ON d.parent_code = l.department_code
    JOIN heads h ON h.department_code = d.code
),
held AS (
    SELECT DISTINCT t.leader_staff_no, p.staff_no AS head_staff_no, year(t.held_on) AS year
    FROM accountability_talks t
    JOIN accountability_talk_participants p ON p.talk_no = t.talk_no
)
SELECT
    CAST(c.year AS VARCHAR) || '|' || u.leader_staff_no || '|' || u.head_staff_no AS subject_key,
    l.department_code,
    u.leader_staff_no,
    u.head_staff_no,
    u.head_department,
    c.year,
    c.closes_on
FROM duties u
JOIN accountability_officials l ON l.staff_no = u.leader_staff_no
JOIN accountability_campaigns c ON c.closes_on < CAST(l.as_of AS DATE)
LEFT JOIN held h ON h.leader_staff_no = u.leader_staff_no AND h.head_staff_no = u.head_staff_no AND h.year = c.year
WHERE h.year IS NULL
