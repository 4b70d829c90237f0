-- A listing open for fewer than listing_days (the opening day not counted).
SELECT
    transfer_id AS subject_key,
    department_code,
    parcel_id,
    start_on,
    listing_end_on,
    date_diff('day', start_on, listing_end_on) AS listing_days
FROM land_transfers
WHERE method = 'listing'
    AND (start_on IS NULL OR listing_end_on IS NULL OR date_diff('day', start_on, listing_end_on) < $listing_days)
