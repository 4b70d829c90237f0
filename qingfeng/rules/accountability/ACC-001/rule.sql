-- Principal heads owe the year's responsibility letter, every leading official the integrity pledge; missing
-- after the campaign's due date, or signed after it.
WITH required AS (
    SELECT o.staff_no, o.department_code, 'letter' AS kind, c.year, c.sign_due_on
    FROM accountability_officials o
    JOIN accountability_campaigns c ON c.sign_due_on < CAST(o.as_of AS DATE)
    WHERE o.is_principal = 1
    UNION ALL
    SELECT o.staff_no, o.department_code, 'pledge' AS kind, c.year, c.sign_due_on
    FROM accountability_officials o
    JOIN accountability_campaigns c ON c.sign_due_on < CAST(o.as_of AS DATE)
)
SELECT
    r.staff_no || '|' || CAST(r.year AS VARCHAR) || '|' || r.kind AS subject_key,
    r.department_code,
    r.staff_no,
    r.year,
    r.kind,
    r.sign_due_on,
    p.signed_on
FROM required r
LEFT JOIN accountability_pledges p ON p.staff_no = r.staff_no AND p.year = r.year AND p.kind = r.kind
WHERE p.signed_on IS NULL OR p.signed_on > r.sign_due_on
