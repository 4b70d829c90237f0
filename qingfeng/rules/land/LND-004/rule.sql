-- Price under benchmark_share × benchmark × area (compared without division, so the line is exact).
SELECT
    t.transfer_id AS subject_key,
    t.department_code,
    t.parcel_id,
    t.method,
    t.price,
    p.area_m2,
    p.benchmark_price_m2,
    round(CAST($benchmark_share AS DECIMAL(9, 4)) * p.benchmark_price_m2 * p.area_m2, 2) AS floor_price
FROM land_transfers t
JOIN land_parcels p ON p.parcel_id = t.parcel_id
WHERE t.method <> 'allocation'
    AND t.price < round(CAST($benchmark_share AS DECIMAL(9, 4)) * p.benchmark_price_m2 * p.area_m2, 2)
