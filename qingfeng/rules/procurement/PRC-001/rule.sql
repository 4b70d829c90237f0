-- Calendar days for tenders and consultations, working days for negotiations and inquiries: the working-day
-- count is a difference of running working-day numbers (one join instead of a count per process).
WITH numbered AS (
    SELECT day, sum(is_workday) OVER (ORDER BY day) AS n FROM calendar
),
p AS (
    SELECT t.ocid, t.department_code, t.title, t.procurement_method_details, t.tender_start, t.tender_end,
           date_diff('day', CAST(t.tender_start AS DATE), CAST(t.tender_end AS DATE)) AS days,
           CASE WHEN t.procurement_method_details IN ('竞争性谈判', '询价') THEN
                coalesce(e.n - s.n, workdays_between(CAST(t.tender_start AS DATE), CAST(t.tender_end AS DATE))) END AS workdays
    FROM tenders t
    LEFT JOIN numbered s ON t.procurement_method_details IN ('竞争性谈判', '询价') AND s.day = CAST(t.tender_start AS DATE)
    LEFT JOIN numbered e ON t.procurement_method_details IN ('竞争性谈判', '询价') AND e.day = CAST(t.tender_end AS DATE)
    WHERE coalesce(t.status, '') <> 'cancelled'
      AND t.tender_start IS NOT NULL AND t.tender_end IS NOT NULL
      AND NOT list_contains($excluded_method_details, coalesce(t.procurement_method_details, ''))
),
judged AS (
    SELECT *,
           CASE WHEN procurement_method_details IN ('竞争性谈判', '询价') THEN greatest(workdays, 0) ELSE days END AS period,
           CASE WHEN procurement_method_details IN ('公开招标', '邀请招标') THEN $tender_days
                WHEN procurement_method_details = '竞争性磋商' THEN $consultation_days
                WHEN procurement_method_details IN ('竞争性谈判', '询价') THEN $negotiation_workdays
                ELSE $default_days END AS minimum
    FROM p
)
SELECT ocid AS subject_key, department_code, title, procurement_method_details, tender_start, tender_end,
       period, minimum, ocid AS evidence_ids
FROM judged
WHERE period < minimum
ORDER BY ocid
