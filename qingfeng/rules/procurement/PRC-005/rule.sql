-- Cardinal R028: different tenderers submitted the same price in one process (predetermined prices excluded).
-- Cheap first: (process, price) pairs seen twice; distinct tenderers only for those.
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
    UNION
    SELECT ocid FROM awards WHERE status = 'pending'
),
submitted AS (
    SELECT ocid, tenderer_id, amount, coalesce(currency, '') AS currency
    FROM bids
    WHERE status IN ('pending', 'valid', 'disqualified') AND amount IS NOT NULL
),
twice AS (
    SELECT ocid, amount, currency FROM submitted GROUP BY ocid, amount, currency HAVING count(*) >= 2
),
same AS (
    SELECT s.ocid, s.amount, s.currency, count(DISTINCT s.tenderer_id) AS tenderers,
           string_agg(DISTINCT s.tenderer_id, ',' ORDER BY s.tenderer_id) AS tenderer_ids
    FROM submitted s JOIN twice w ON w.ocid = s.ocid AND w.amount = s.amount AND w.currency = s.currency
    GROUP BY s.ocid, s.amount, s.currency
    HAVING count(DISTINCT s.tenderer_id) >= 2
),
proc AS (
    SELECT t.ocid, t.department_code, t.title FROM tenders t
    WHERE t.ocid IN (SELECT ocid FROM same) AND t.ocid NOT IN (SELECT ocid FROM excluded)
      AND NOT list_contains($no_price_comparison_method_details, coalesce(t.procurement_method_details, ''))
)
SELECT s.ocid AS subject_key, p.department_code, p.title, min(s.amount) AS identical_amount, max(s.tenderers) AS tenderers,
       string_agg(s.tenderer_ids, ';' ORDER BY s.tenderer_ids) AS tenderer_ids, s.ocid AS evidence_ids
FROM same s JOIN proc p ON p.ocid = s.ocid
GROUP BY s.ocid, p.department_code, p.title
ORDER BY s.ocid
