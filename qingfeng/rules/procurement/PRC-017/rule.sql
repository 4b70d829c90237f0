-- 政府购买服务: outside the guiding catalogue, goods or works bought as a service, or a prohibited kind.
WITH services AS (
    SELECT ocid, department_code, title, catalogue_code, main_category
    FROM tenders
    WHERE purchased_service = 1 AND coalesce(status, '') <> 'cancelled'
),
disguised AS (
    SELECT i.ocid, string_agg(DISTINCT i.classification_id, ',' ORDER BY i.classification_id) AS goods_or_works_items
    FROM award_items i JOIN services s ON s.ocid = i.ocid
    WHERE list_contains($goods_works_prefixes, left(upper(i.classification_id), 1))
    GROUP BY i.ocid
),
words AS (
    SELECT s.ocid, string_agg(w.word, ',' ORDER BY w.word) AS prohibited_words
    FROM services s JOIN (SELECT unnest($prohibited_words) AS word) w ON contains(coalesce(s.title, ''), w.word)
    GROUP BY s.ocid
),
judged AS (
    SELECT s.*, d.goods_or_works_items, w.prohibited_words,
           s.catalogue_code IS NULL
               OR NOT list_contains($catalogue_prefixes, left(upper(s.catalogue_code), $catalogue_prefix_length)) AS outside_catalogue
    FROM services s
    LEFT JOIN disguised d ON d.ocid = s.ocid
    LEFT JOIN words w ON w.ocid = s.ocid
)
SELECT ocid AS subject_key, department_code, title, catalogue_code, main_category, goods_or_works_items, prohibited_words,
       concat_ws('；',
                 CASE WHEN outside_catalogue THEN '不在指导性目录内' END,
                 CASE WHEN main_category IN ('goods', 'works') OR goods_or_works_items IS NOT NULL THEN '以服务名义购买货物或工程' END,
                 CASE WHEN prohibited_words IS NOT NULL THEN '禁止购买的事项' END) AS reasons,
       ocid AS evidence_ids
FROM judged
WHERE outside_catalogue OR main_category IN ('goods', 'works') OR goods_or_works_items IS NOT NULL
   OR prohibited_words IS NOT NULL
ORDER BY ocid
