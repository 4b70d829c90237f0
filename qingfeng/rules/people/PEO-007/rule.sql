SELECT reception_id AS subject_key,
       department_code,
       held_on,
       guest_unit,
       guests,
       companions,
       cost,
       reception_id AS evidence_ids
FROM receptions
WHERE letter_no IS NULL OR trim(replace(letter_no, '　', ' ')) = ''
ORDER BY reception_id
