-- A competitive transfer announced fewer than announce_days before it opened (or never announced).
SELECT
    transfer_id AS subject_key,
    department_code,
    parcel_id,
    method,
    announced_on,
    coalesce(start_on, deal_on) AS opened_on,
    date_diff('day', announced_on, coalesce(start_on, deal_on)) AS days_announced
FROM land_transfers
WHERE method IN ('tender', 'auction', 'listing')
    AND (announced_on IS NULL OR date_diff('day', announced_on, coalesce(start_on, deal_on)) < $announce_days)
