-- 在途时间长: money passed down for transfer or payment out is still (or was long) held by the receiving unit.
WITH latest AS (
    SELECT *
    FROM appropriations
    QUALIFY row_number() OVER (PARTITION BY allocation_id ORDER BY as_of DESC) = 1
),
transit AS (
    SELECT
        *,
        amount - coalesce(disbursed_amount, 0) AS undisbursed,
        CASE
            WHEN coalesce(disbursed_amount, 0) >= amount THEN coalesce(last_disbursed_on, as_of)
            ELSE as_of
        END AS in_transit_until
    FROM latest
    WHERE list_contains($watched_kinds, kind)
)
SELECT
    allocation_id AS subject_key,
    department_code,
    allocation_id,
    source_department_code,
    program,
    kind,
    amount,
    coalesce(disbursed_amount, 0) AS disbursed_amount,
    undisbursed,
    allocated_on,
    last_disbursed_on,
    as_of,
    date_diff('day', allocated_on, in_transit_until) AS days_in_transit
FROM transit
WHERE date_diff('day', allocated_on, in_transit_until) > $transit_days
