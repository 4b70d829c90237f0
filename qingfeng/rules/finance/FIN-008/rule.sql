-- 非工作日支付: the local date of the payment is not a working day (statutory holidays and 调休 included).
-- A join to the calendar view rather than is_workday(d) per row: one hash join over the payments.
SELECT
    p.payment_id AS subject_key,
    p.payer_department_code AS department_code,
    p.payment_id AS evidence_ids,
    CAST(p.paid_at AS DATE) AS paid_on,
    p.paid_at,
    p.amount,
    c.provisional AS calendar_provisional
FROM payments AS p
JOIN calendar AS c
    ON c.day = CAST(p.paid_at AS DATE)
WHERE c.is_workday = 0
