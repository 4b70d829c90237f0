-- 年底突击花钱: December's share of a department's annual spending on one economic class is above the share.
-- One pass over the payments: the totals and the evidence together.
-- Evidence: the 100 largest December payments, amount descending then payment id (a finding keeps 100
-- rows; december_count says how many in all). min_by with a count keeps a heap of 100 per group instead
-- of sorting the group's payments, and the key ends with the payment id, so both engines pick the same.
WITH totals AS (
    SELECT
        payer_department_code AS department_code,
        year(paid_at) AS year,
        economic_class,
        sum(amount) AS annual_total,
        coalesce(sum(CASE WHEN month(paid_at) = 12 THEN amount END), 0) AS december_total,
        count(CASE WHEN month(paid_at) = 12 THEN 1 END) AS december_count,
        min_by(payment_id, struct_pack(amount_desc := -amount, id := payment_id), 100)
            FILTER (WHERE month(paid_at) = 12) AS largest
    FROM payments
    GROUP BY payer_department_code, year(paid_at), economic_class
)
SELECT
    department_code || '|' || CAST(year AS VARCHAR) || '|' || economic_class AS subject_key,
    department_code,
    array_to_string(largest, ',') AS evidence_ids,
    year,
    economic_class,
    december_total,
    annual_total,
    round(december_total / annual_total, 4) AS share,
    december_count,
    december_count AS evidence_ids_total
FROM totals
WHERE annual_total >= $min_annual_total
    AND december_total > CAST($december_share AS DECIMAL(9, 4)) * annual_total
