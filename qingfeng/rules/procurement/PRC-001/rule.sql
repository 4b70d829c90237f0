-- Calendar days for tenders and consultations, working days for negotiations and inquiries.
WITH p AS (
    SELECT ocid, department_code, title, procurement_method_details, tender_start, tender_end,
           date_diff('day', CAST(tender_start AS DATE), CAST(tender_end AS DATE)) AS days,
           workdays_between(CAST(tender_start AS DATE), CAST(tender_end AS DATE)) AS workdays
    FROM tenders
    WHERE coalesce(status, '') <> 'cancelled'
      AND tender_start IS NOT NULL AND tender_end IS NOT NULL
      AND NOT list_contains($excluded_method_details, coalesce(procurement_method_details, ''))
),
judged AS (
    SELECT *,
           CASE WHEN procurement_method_details IN ('竞争性谈判', '询价') THEN workdays ELSE days END AS period,
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
