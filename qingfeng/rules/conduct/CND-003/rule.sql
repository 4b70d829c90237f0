-- A spot-checked case whose recorded received or decided day differs from reality by more than the tolerance.
SELECT
    case_no AS subject_key,
    department_code,
    recorded_received_on,
    actual_received_on,
    recorded_decided_on,
    actual_decided_on,
    date_diff('day', actual_received_on, recorded_received_on) AS received_gap_days,
    date_diff('day', recorded_decided_on, actual_decided_on) AS decided_gap_days
FROM conduct_spot_checks
WHERE abs(date_diff('day', actual_received_on, recorded_received_on)) > $tolerance_days
    OR abs(coalesce(date_diff('day', recorded_decided_on, actual_decided_on), 0)) > $tolerance_days
