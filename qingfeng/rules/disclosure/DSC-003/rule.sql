-- A budget or final accounts still unpublished after its publication deadline, or published after it.
SELECT
    disclosure_key AS subject_key,
    department_code,
    year,
    kind,
    approved_on,
    publish_due_at,
    published_at
FROM budget_disclosures
WHERE coalesce(published_at, as_of) > publish_due_at
