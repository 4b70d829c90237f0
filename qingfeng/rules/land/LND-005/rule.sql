-- Result published more than publish_workdays working days after the deal, or still unpublished past that.
SELECT
    t.transfer_id AS subject_key,
    t.department_code,
    t.method,
    t.deal_on,
    t.result_published_on,
    workdays_between(t.deal_on, coalesce(t.result_published_on, c.as_of)) AS workdays_elapsed
FROM land_transfers t
JOIN land_clock c ON TRUE
WHERE t.method IN ('tender', 'auction', 'listing')
    AND workdays_between(t.deal_on, coalesce(t.result_published_on, c.as_of)) > $publish_workdays
