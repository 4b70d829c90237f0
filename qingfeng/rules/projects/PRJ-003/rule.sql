-- Final accounts approved (or still missing) later than final_accounts_months after completion acceptance.
WITH dated AS (
    SELECT
        project_code, department_code, name, accepted_on, final_accounts_on,
        coalesce(final_accounts_on, as_of) AS checked_on
    FROM projects
    WHERE accepted_on IS NOT NULL
),
counted AS (
    SELECT
        *,
        (year(checked_on) - year(accepted_on)) * 12 + month(checked_on) - month(accepted_on)
            - CASE WHEN day(checked_on) < day(accepted_on) THEN 1 ELSE 0 END AS full_months
    FROM dated
)
SELECT
    project_code AS subject_key,
    department_code,
    name,
    accepted_on,
    final_accounts_on,
    full_months
FROM counted
WHERE full_months > $final_accounts_months
    OR (full_months = $final_accounts_months AND day(checked_on) > day(accepted_on))
