-- 支付用途含敏感词: the purpose contains a word of the sensitive-word list (case-insensitive).
WITH words AS (
    SELECT lower(word) AS word
    FROM sensitive_words
    WHERE coalesce(trim(word), '') <> ''
),
purposes AS (
    SELECT payment_id, payer_department_code, payee_name, amount, paid_at, purpose, lower(purpose) AS purpose_lower
    FROM payments
    WHERE purpose IS NOT NULL
),
matches AS (
    SELECT p.payment_id, p.payer_department_code, p.payee_name, p.amount, p.paid_at, p.purpose, w.word
    FROM purposes AS p
    JOIN words AS w
        ON contains(p.purpose_lower, w.word)
)
SELECT
    payment_id AS subject_key,
    payer_department_code AS department_code,
    payment_id AS evidence_ids,
    string_agg(word, ',' ORDER BY word) AS matched_word,
    purpose,
    payee_name,
    amount,
    paid_at
FROM matches
GROUP BY payment_id, payer_department_code, purpose, payee_name, amount, paid_at
