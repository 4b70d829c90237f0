-- 租期超过二十年: the part beyond the statutory maximum is void, and long leases lock town land away.
WITH terms AS (
    SELECT
        *,
        (year(end_on) - year(start_on)) * 12 + month(end_on) - month(start_on) AS term_months
    FROM town_land_leases
)
SELECT
    lease_no AS subject_key,
    department_code,
    lease_no,
    village,
    parcel,
    area_mu,
    start_on,
    end_on,
    term_months
FROM terms
WHERE term_months > $max_term_years * 12
   OR (term_months = $max_term_years * 12 AND day(end_on) > day(start_on))
