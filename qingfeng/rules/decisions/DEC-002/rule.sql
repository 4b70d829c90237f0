-- Payments to one payee, each under the department's major-matter amount, that add up to it within the window.
WITH catalogue AS (
    SELECT
        department_code, threshold, effective_from,
        lead(effective_from) OVER (PARTITION BY department_code ORDER BY effective_from) AS effective_to
    FROM decision_catalogue
),
parts AS (
    SELECT
        p.payment_id, p.payer_department_code, p.payee_account, p.amount, p.paid_at,
        CAST(p.paid_at AS DATE) AS paid_on, c.threshold
    FROM payments AS p
    JOIN catalogue AS c
        ON c.department_code = p.payer_department_code
        AND CAST(p.paid_at AS DATE) >= c.effective_from
        AND (c.effective_to IS NULL OR CAST(p.paid_at AS DATE) < c.effective_to)
    LEFT JOIN decision_links AS l
        ON l.kind = 'payment' AND l.reference = p.payment_id
    WHERE p.amount < c.threshold
        AND p.amount >= CAST($min_part_share AS DECIMAL(9, 4)) * c.threshold
        AND substr(p.economic_class, 1, 3) NOT IN ('301', '303')
        AND l.reference IS NULL
),
windows AS (
    SELECT a.payment_id AS anchor_id, a.payer_department_code, a.payee_account, year(a.paid_on) AS year, a.threshold
    FROM parts AS a
    JOIN parts AS b
        ON b.payer_department_code = a.payer_department_code
        AND b.payee_account = a.payee_account
        AND b.paid_on >= a.paid_on
        AND date_diff('day', a.paid_on, b.paid_on) <= $window_days
    GROUP BY a.payment_id, a.payer_department_code, a.payee_account, year(a.paid_on), a.threshold
    HAVING count(*) >= 2 AND sum(b.amount) >= a.threshold
),
members AS (
    SELECT DISTINCT w.payer_department_code, w.payee_account, w.year, w.threshold, b.payment_id, b.amount, b.paid_at
    FROM windows AS w
    JOIN parts AS a
        ON a.payment_id = w.anchor_id
    JOIN parts AS b
        ON b.payer_department_code = a.payer_department_code
        AND b.payee_account = a.payee_account
        AND b.paid_on >= a.paid_on
        AND date_diff('day', a.paid_on, b.paid_on) <= $window_days
)
SELECT
    payer_department_code || '|' || payee_account || '|' || CAST(year AS VARCHAR) AS subject_key,
    payer_department_code AS department_code,
    string_agg(payment_id, ',' ORDER BY paid_at, payment_id) AS evidence_ids,
    payee_account,
    year,
    max(threshold) AS threshold,
    count(*) AS payment_count,
    sum(amount) AS total_amount
FROM members
GROUP BY payer_department_code, payee_account, year
