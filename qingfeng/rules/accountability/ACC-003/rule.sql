-- Appointment notices from the HR system with no pre-appointment talk on or before the notice date (within
-- the window): never talked to, or talked to only afterwards.
WITH prior AS (
    SELECT a.appointment_id, max(t.held_on) AS talk_on
    FROM hr_appointments a
    JOIN accountability_talk_participants p ON p.staff_no = a.staff_no
    JOIN accountability_talks t ON t.talk_no = p.talk_no AND t.kind = 'appointment'
    WHERE t.held_on <= a.notice_on
        AND t.held_on >= CAST(a.notice_on - INTERVAL 1 DAY * $talk_window_days AS DATE)
    GROUP BY a.appointment_id
),
later AS (
    SELECT a.appointment_id, min(t.held_on) AS talk_after
    FROM hr_appointments a
    JOIN accountability_talk_participants p ON p.staff_no = a.staff_no
    JOIN accountability_talks t ON t.talk_no = p.talk_no AND t.kind = 'appointment'
    WHERE t.held_on > a.notice_on
    GROUP BY a.appointment_id
)
SELECT
    a.appointment_id AS subject_key,
    a.department_code,
    a.staff_no,
    a.post,
    a.notice_no,
    a.notice_on,
    l.talk_after,
    a.appointment_id AS evidence_ids
FROM hr_appointments a
LEFT JOIN prior p ON p.appointment_id = a.appointment_id
LEFT JOIN later l ON l.appointment_id = a.appointment_id
WHERE p.talk_on IS NULL
