-- Not started (or started late) a full idle_months after the agreed start date.
WITH dated AS (
    SELECT
        t.transfer_id, t.department_code, t.parcel_id, t.grantee, t.agreed_start_on, t.actual_start_on,
        coalesce(t.actual_start_on, c.as_of) AS checked_on
    FROM land_transfers t
    JOIN land_clock c ON TRUE
    WHERE t.agreed_start_on IS NOT NULL
)
SELECT
    transfer_id AS subject_key,
    department_code,
    parcel_id,
    grantee,
    agreed_start_on,
    actual_start_on,
    (year(checked_on) - year(agreed_start_on)) * 12 + month(checked_on) - month(agreed_start_on)
        - CASE WHEN day(checked_on) < day(agreed_start_on) THEN 1 ELSE 0 END AS full_months_late
FROM dated
WHERE (year(checked_on) - year(agreed_start_on)) * 12 + month(checked_on) - month(agreed_start_on)
        - CASE WHEN day(checked_on) < day(agreed_start_on) THEN 1 ELSE 0 END >= $idle_months
