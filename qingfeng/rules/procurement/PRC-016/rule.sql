-- Credit code first (confidence 1), else the normalised name (0.95), else the name without its company suffix (0.8).
WITH listed AS (
    SELECT debarment_id, name, credit_code, authority, start_on, end_on, name_key,
           regexp_replace(name_key, '(集团)?(股份)?(有限)?(责任)?(公司|集团|厂|商行|工作室|合作社)$', '', 'g') AS base_key
    FROM debarments
),
won AS (
    SELECT a.ocid, a.award_id, a.supplier_name, a.supplier_credit_code, CAST(a.award_date AS DATE) AS award_day,
           a.supplier_name_key,
           regexp_replace(a.supplier_name_key, '(集团)?(股份)?(有限)?(责任)?(公司|集团|厂|商行|工作室|合作社)$', '', 'g') AS base_key
    FROM awards a
    WHERE a.status = 'active' AND a.award_date IS NOT NULL
),
matched AS (
    SELECT w.ocid, w.award_id, w.supplier_name, w.supplier_credit_code, w.award_day, d.debarment_id, d.name AS listed_name,
           d.authority, d.start_on, d.end_on,
           CASE WHEN w.supplier_credit_code IS NOT NULL AND d.credit_code IS NOT NULL THEN
                    CASE WHEN upper(w.supplier_credit_code) = upper(d.credit_code) THEN 1.0 ELSE 0.0 END
                WHEN w.supplier_name_key = d.name_key THEN 0.95
                WHEN w.base_key = d.base_key AND length(w.base_key) >= 2 THEN 0.8
                ELSE 0.0 END AS confidence
    FROM won w
    JOIN listed d ON (upper(w.supplier_credit_code) = upper(d.credit_code) OR w.base_key = d.base_key)
    WHERE w.award_day >= d.start_on AND (d.end_on IS NULL OR w.award_day <= d.end_on)
),
best AS (
    SELECT ocid, award_id, supplier_name, supplier_credit_code, award_day, debarment_id, listed_name, authority,
           start_on, end_on, confidence
    FROM matched
    WHERE confidence >= CAST($minimum_confidence AS DOUBLE)
    QUALIFY row_number() OVER (PARTITION BY ocid, award_id ORDER BY confidence DESC, debarment_id) = 1
)
SELECT m.ocid || '|' || m.award_id AS subject_key, t.department_code, t.title, m.supplier_name, m.supplier_credit_code,
       m.listed_name, m.debarment_id, m.authority, m.start_on, m.end_on, m.award_day, m.confidence,
       CASE WHEN m.confidence = 1.0 THEN '统一社会信用代码一致' WHEN m.confidence = 0.95 THEN '名称一致（规范化后）'
            ELSE '名称去掉企业类型后缀后一致' END AS matched_on,
       m.ocid AS evidence_ids
FROM best m JOIN tenders t ON t.ocid = m.ocid
ORDER BY m.ocid, m.award_id
