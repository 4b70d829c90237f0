-- A general contract of a project under construction whose wage safeguards are missing, late or short.
WITH checked AS (
    SELECT
        c.contract_code, c.project_code, c.department_code, c.contractor, c.value, c.signed_on, c.wage_account_no,
        c.security_kind, c.security_rate_bp, c.security_amount, c.security_lodged_on, c.exemption,
        CASE WHEN c.wage_account_no IS NULL THEN 'no_wage_account' END AS p_account,
        CASE WHEN c.security_kind IS NULL THEN 'no_deposit' END AS p_missing,
        CASE WHEN c.security_kind IN ('deposit', 'guarantee')
                  AND (c.security_rate_bp IS NULL OR c.security_rate_bp < $min_rate_bp
                       OR c.security_amount * 10000 < c.value * c.security_rate_bp) THEN 'short' END AS p_short,
        CASE WHEN c.security_kind IN ('deposit', 'guarantee')
                  AND workdays_between(c.signed_on, c.security_lodged_on) > $deposit_workdays THEN 'late' END AS p_late,
        CASE WHEN c.security_kind = 'exempt' AND c.exemption = 'small_contract'
                  AND c.value >= $exempt_below THEN 'exemption_not_applicable' END AS p_exempt
    FROM project_contracts c
    JOIN projects p ON p.project_code = c.project_code
    WHERE c.general = 1 AND p.started_on IS NOT NULL
)
SELECT
    contract_code AS subject_key,
    department_code,
    project_code,
    contractor,
    value,
    signed_on,
    security_kind,
    security_rate_bp,
    security_amount,
    security_lodged_on,
    concat_ws(',', p_account, p_missing, p_short, p_late, p_exempt) AS problems
FROM checked
WHERE coalesce(p_account, p_missing, p_short, p_late, p_exempt) IS NOT NULL
