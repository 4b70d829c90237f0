-- 答复后同一事项重复来件: the original ticket of repeats (same matter, same place, after it was answered).
WITH repeats AS (
    SELECT repeat_of_no, count(*) AS repeats, min(received_at) AS first_repeat_at
    FROM tickets
    WHERE repeat_of_no IS NOT NULL
    GROUP BY repeat_of_no
)
SELECT
    o.ticket_no AS subject_key,
    o.department_code,
    o.replied_at,
    r.repeats,
    r.first_repeat_at
FROM tickets AS o
JOIN repeats AS r ON r.repeat_of_no = o.ticket_no
WHERE o.department_code IS NOT NULL
    AND r.repeats >= $min_repeats
