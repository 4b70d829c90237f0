SELECT reception_id AS subject_key,
       department_code,
       held_on,
       guest_unit,
       guests,
       companions,
       CASE WHEN guests <= $small_group_max_guests THEN $small_group_max_companions
            ELSE CAST(floor(guests / $large_group_divisor) AS BIGINT) END AS companions_allowed,
       reception_id AS evidence_ids
FROM receptions
WHERE (guests <= $small_group_max_guests AND companions > $small_group_max_companions)
   OR (guests > $small_group_max_guests AND companions * $large_group_divisor > guests)
ORDER BY reception_id
