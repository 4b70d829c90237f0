-- 收缴未缴库: working days from collection to deposit (or to the extract date while money is still held) over the limit.
WITH latest AS (
    SELECT *
    FROM non_tax_revenue
    QUALIFY row_number() OVER (PARTITION BY notice_id ORDER BY as_of DESC) = 1
),
held AS (
    SELECT
        *,
        CASE
            WHEN deposited_on IS NOT NULL AND coalesce(deposited_amount, collected_amount) >= collected_amount THEN deposited_on
            ELSE as_of
        END AS held_until
    FROM latest
    WHERE collected_on IS NOT NULL AND collected_amount > 0
)
SELECT
    notice_id AS subject_key,
    department_code,
    notice_id,
    category,
    collected_amount,
    coalesce(deposited_amount, 0) AS deposited_amount,
    collected_on,
    deposited_on,
    as_of,
    workdays_between(collected_on, held_until) AS workdays_held
FROM held
WHERE workdays_between(collected_on, held_until) > $deposit_workdays
