SELECT ocid AS subject_key, department_code, title, procurement_method, number_of_tenderers, ocid AS evidence_ids
FROM tenders
WHERE number_of_tenderers = 1
  AND list_contains($procurement_methods, coalesce(procurement_method, ''))
  AND coalesce(status, '') <> 'cancelled'
ORDER BY ocid
