-- Operating land, or a parcel with two or more intending users, transferred by agreement or allocation.
SELECT
    t.transfer_id AS subject_key,
    t.department_code,
    t.parcel_id,
    p.land_use,
    t.method,
    t.intending_users,
    t.price,
    t.deal_on,
    t.grantee
FROM land_transfers t
LEFT JOIN land_parcels p ON p.parcel_id = t.parcel_id
WHERE t.method NOT IN ('tender', 'auction', 'listing')
    AND (list_contains($operating_uses, p.land_use) OR t.intending_users >= $min_competing_users)
