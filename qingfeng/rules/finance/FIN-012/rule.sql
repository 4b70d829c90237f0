-- 支付用途含敏感词: the purpose contains a word of the sensitive-word list (case-insensitive).
-- Purposes repeat across payments, so words are matched against distinct purposes and joined back.
WITH words AS (
    SELECT DISTINCT lower(word) AS word
    FROM sensitive_words
    WHERE coalesce(trim(word), '') <> ''
),
purposes AS (
    SELECT DISTINCT purpose
    FROM payments
    WHERE purpose IS NOT NULL
),
flagged AS (
    SELECT p.purpose, string_agg(w.word, ',' ORDER BY w.word) AS matched_word
    FROM purposes AS p
    JOIN words AS w
        ON contains(lower(p.purpose), w.word)
    GROUP BY p.purpose
)
SELECT
    p.payment_id AS subject_key,
    p.payer_department_code AS department_code,
    p.payment_id AS evidence_ids,
    f.matched_word,
    p.purpose,
    p.amount,
    p.paid_at
FROM payments AS p
JOIN flagged AS f
    ON f.purpose = p.purpose
