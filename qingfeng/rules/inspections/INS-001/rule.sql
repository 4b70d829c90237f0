-- 公示: past the 20-working-day deadline without publication, or published after it.
SELECT
    result_key AS subject_key,
    department_code,
    draw_no,
    target_key,
    checked_on,
    publish_due_at,
    published_at
FROM inspection_results
WHERE coalesce(published_at, as_of) > publish_due_at
