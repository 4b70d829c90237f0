-- Cardinal R036: the lowest submitted bid was disqualified, in a process with an active award and a priced valid bid.
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
    UNION
    SELECT ocid FROM awards WHERE status = 'pending'
),
proc AS (
    SELECT t.ocid, t.department_code, t.title FROM tenders t
    WHERE t.ocid NOT IN (SELECT ocid FROM excluded)
      AND EXISTS (SELECT 1 FROM awards a WHERE a.ocid = t.ocid AND a.status = 'active')
),
priced AS (
    SELECT b.ocid, b.status, b.tenderer_id, b.amount
    FROM bids b JOIN proc p ON p.ocid = b.ocid
    WHERE b.status IN ('pending', 'valid', 'disqualified') AND b.amount IS NOT NULL
      AND coalesce(b.currency, $currency) = $currency
),
lows AS (
    SELECT ocid,
           min(amount) FILTER (WHERE status = 'disqualified') AS lowest_disqualified,
           min(amount) FILTER (WHERE status <> 'disqualified') AS lowest_other,
           count(*) FILTER (WHERE status = 'valid') AS valid_bids
    FROM priced GROUP BY ocid
)
SELECT l.ocid AS subject_key, p.department_code, p.title, l.lowest_disqualified, l.lowest_other AS lowest_not_disqualified,
       l.ocid AS evidence_ids
FROM lows l JOIN proc p ON p.ocid = l.ocid
WHERE l.valid_bids > 0 AND l.lowest_disqualified < l.lowest_other
ORDER BY l.ocid
