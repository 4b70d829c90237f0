-- 应收未收: the latest status of each notice shows less collected than assessed after its due date.
WITH latest AS (
    SELECT *
    FROM non_tax_revenue
    QUALIFY row_number() OVER (PARTITION BY notice_id ORDER BY as_of DESC) = 1
),
due AS (
    SELECT
        *,
        coalesce(due_on, CAST(assessed_on + INTERVAL 1 DAY * $collection_days AS DATE)) AS collect_by,
        assessed_amount - coalesce(collected_amount, 0) AS outstanding
    FROM latest
)
SELECT
    notice_id AS subject_key,
    department_code,
    notice_id,
    category,
    assessed_amount,
    coalesce(collected_amount, 0) AS collected_amount,
    outstanding,
    assessed_on,
    collect_by,
    as_of,
    date_diff('day', collect_by, as_of) AS days_overdue
FROM due
WHERE outstanding > 0
  AND as_of > collect_by
