-- The latest check of a transfer with promises: investment or output under min_share of what was promised.
WITH latest AS (
    SELECT check_id, transfer_id, checked_on, invested, annual_output
    FROM land_checks
    QUALIFY row_number() OVER (PARTITION BY transfer_id ORDER BY checked_on DESC, check_id DESC) = 1
)
SELECT
    t.transfer_id AS subject_key,
    t.department_code,
    t.project_code,
    t.grantee,
    l.checked_on,
    l.invested,
    round(CAST($min_share AS DECIMAL(9, 4)) * t.promised_investment_m2 * p.area_m2, 2) AS promised_investment,
    l.annual_output,
    round(CAST($min_share AS DECIMAL(9, 4)) * t.promised_output_m2 * p.area_m2, 2) AS promised_output
FROM land_transfers t
JOIN land_parcels p ON p.parcel_id = t.parcel_id
JOIN latest l ON l.transfer_id = t.transfer_id
WHERE l.invested < round(CAST($min_share AS DECIMAL(9, 4)) * t.promised_investment_m2 * p.area_m2, 2)
    OR coalesce(l.annual_output, 0) < round(CAST($min_share AS DECIMAL(9, 4)) * t.promised_output_m2 * p.area_m2, 2)
