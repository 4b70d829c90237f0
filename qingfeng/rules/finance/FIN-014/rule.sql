-- 公务卡目录支出未用公务卡: an expense on the official-card list paid in cash or by transfer to a person,
-- at or above the minimum, unless the purpose names an exempt item (visa, courier, tolls, taxi…).
WITH candidates AS (
    SELECT payment_id, payer_department_code, payee_type, settlement_method, amount, paid_at, economic_class, purpose
    FROM payments
    WHERE list_contains($card_classes, economic_class)
        AND amount >= $card_min_amount
        AND (settlement_method = 'cash' OR (settlement_method = 'transfer' AND payee_type = 'personal'))
),
exception_words AS (
    SELECT unnest($card_exception_words) AS word
),
exempt AS (
    SELECT DISTINCT c.payment_id
    FROM candidates AS c
    JOIN exception_words AS e
        ON contains(coalesce(c.purpose, ''), e.word)
)
SELECT
    c.payment_id AS subject_key,
    c.payer_department_code AS department_code,
    c.payment_id AS evidence_ids,
    c.economic_class,
    c.settlement_method,
    c.payee_type,
    c.amount,
    c.paid_at,
    c.purpose
FROM candidates AS c
LEFT JOIN exempt AS x
    ON x.payment_id = c.payment_id
WHERE x.payment_id IS NULL
