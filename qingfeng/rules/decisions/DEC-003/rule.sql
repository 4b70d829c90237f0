-- A decision recorded as taken by circulation, countersigning or individual consultation, not at a meeting.
SELECT
    decision_no AS subject_key,
    department_code,
    topic_no,
    method,
    outcome,
    amount,
    decided_at
FROM decisions
WHERE method <> 'meeting'
