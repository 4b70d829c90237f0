-- 禁租: no new lease and no renewal of town land from the ban date on.
SELECT
    lease_no AS subject_key,
    department_code,
    lease_no,
    village,
    parcel,
    area_mu,
    signed_on,
    start_on,
    end_on,
    renewal_of,
    CASE WHEN coalesce(renewal_of, '') = '' THEN 'new' ELSE 'renewal' END AS kind
FROM town_land_leases
WHERE signed_on >= CAST($ban_date AS DATE)
