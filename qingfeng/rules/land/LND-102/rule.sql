-- 到期收回: an expired lease must be taken back (not renewed) within the grace days.
WITH renewed AS (
    SELECT DISTINCT renewal_of AS lease_no
    FROM town_land_leases
    WHERE coalesce(renewal_of, '') <> ''
)
SELECT
    l.lease_no AS subject_key,
    l.department_code,
    l.lease_no,
    l.village,
    l.parcel,
    l.area_mu,
    l.end_on,
    l.recovered_on,
    l.as_of,
    date_diff('day', l.end_on, coalesce(l.recovered_on, l.as_of)) AS days_after_expiry
FROM town_land_leases AS l
LEFT JOIN renewed AS r ON r.lease_no = l.lease_no
WHERE r.lease_no IS NULL
  AND date_diff('day', l.end_on, coalesce(l.recovered_on, l.as_of)) > $recovery_grace_days
