-- 三公经费超预算: per (department, year, category), payments on the category's economic classes exceed
-- the budget on those classes (no budget at all counts as zero).
WITH categories AS (
    SELECT 'abroad' AS category, '30212' AS economic_class
    UNION ALL SELECT 'reception', '30217'
    UNION ALL SELECT 'vehicle', '30231'
    UNION ALL SELECT 'vehicle', '31013'
),
-- Evidence: the 100 largest payments, amount descending then payment id (a finding keeps 100 rows;
-- payment_count says how many in all): a heap of 100 per group, not a sort of the group's payments.
spent AS (
    SELECT
        p.payer_department_code AS department_code,
        year(p.paid_at) AS year,
        c.category,
        sum(p.amount) AS paid_total,
        count(*) AS payment_count,
        min_by(p.payment_id, struct_pack(amount_desc := -p.amount, id := p.payment_id), 100) AS largest
    FROM payments AS p
    JOIN categories AS c
        ON c.economic_class = p.economic_class
    GROUP BY p.payer_department_code, year(p.paid_at), c.category
),
budgeted AS (
    SELECT b.department_code, b.year, c.category, sum(b.amount + coalesce(b.supplementary, 0)) AS budget_total
    FROM budgets AS b
    JOIN categories AS c
        ON c.economic_class = b.economic_class
    GROUP BY b.department_code, b.year, c.category
)
SELECT
    s.department_code || '|' || CAST(s.year AS VARCHAR) || '|' || s.category AS subject_key,
    s.department_code,
    array_to_string(s.largest, ',') AS evidence_ids,
    s.year,
    s.category,
    coalesce(b.budget_total, 0) AS budget_total,
    s.paid_total,
    s.paid_total - coalesce(b.budget_total, 0) AS over_amount,
    s.payment_count,
    s.payment_count AS evidence_ids_total
FROM spent AS s
LEFT JOIN budgeted AS b
    ON b.department_code = s.department_code AND b.year = s.year AND b.category = s.category
WHERE s.paid_total > coalesce(b.budget_total, 0)
