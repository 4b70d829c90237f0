-- Compared without division, so that exactly the standard is not a hit; the latest standard in force applies.
WITH priced AS (
    SELECT r.reception_id, r.department_code, r.held_on, r.guest_unit, r.locality, r.guests, r.companions,
           coalesce(r.meals, 1) AS meals, r.cost,
           coalesce(s.per_head_limit, CAST($default_per_head_limit AS DECIMAL(18, 2))) AS per_head_limit,
           s.locality IS NOT NULL AS from_table
    FROM receptions r
    LEFT JOIN reception_standards s
      ON s.locality = r.locality AND r.held_on >= s.effective_from
     AND (s.effective_to IS NULL OR r.held_on <= s.effective_to)
    QUALIFY row_number() OVER (PARTITION BY r.reception_id ORDER BY s.effective_from DESC) = 1
)
SELECT reception_id AS subject_key,
       department_code,
       held_on,
       guest_unit,
       locality,
       guests + companions AS diners,
       meals,
       cost,
       per_head_limit,
       round(cost / ((guests + companions) * meals), 2) AS cost_per_head,
       from_table,
       reception_id AS evidence_ids
FROM priced
WHERE guests + companions > 0 AND cost > per_head_limit * (guests + companions) * meals
ORDER BY reception_id
