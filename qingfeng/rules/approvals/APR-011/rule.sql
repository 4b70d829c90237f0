-- 中介集中: within one item and year, one firm's share of the cases that used an intermediary is above the limit.
WITH uses AS (
    SELECT e.item_code, e.department_code, year(e.occurred_at) AS year, trim(e.intermediary_org) AS firm, e.case_id
    FROM approval_events AS e
    WHERE e.event_type = 'intermediary' AND coalesce(trim(e.intermediary_org), '') <> ''
    GROUP BY e.item_code, e.department_code, year(e.occurred_at), trim(e.intermediary_org), e.case_id
),
per_item AS (
    SELECT item_code, year, count(DISTINCT case_id) AS item_cases, count(DISTINCT firm) AS firms
    FROM uses
    GROUP BY item_code, year
),
per_firm AS (
    SELECT item_code, year, firm, any_value(department_code) AS department_code, count(DISTINCT case_id) AS firm_cases
    FROM uses
    GROUP BY item_code, year, firm
),
hits AS (
    SELECT f.item_code, f.year, f.firm, f.department_code, f.firm_cases, i.item_cases, i.firms
    FROM per_firm AS f
    JOIN per_item AS i ON i.item_code = f.item_code AND i.year = f.year
    WHERE i.item_cases >= $min_cases
      AND CAST(f.firm_cases AS DECIMAL(18, 4)) > CAST($max_share AS DECIMAL(9, 4)) * i.item_cases
),
trail AS (
    SELECT h.item_code, h.year, h.firm, string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.item_code = e.item_code AND h.year = year(e.occurred_at) AND h.firm = trim(e.intermediary_org)
    WHERE e.event_type = 'intermediary'
    GROUP BY h.item_code, h.year, h.firm
)
SELECT
    h.item_code || '|' || h.firm || '|' || CAST(h.year AS VARCHAR) AS subject_key,
    h.department_code,
    h.item_code,
    h.year,
    h.firm AS intermediary_org,
    h.firm_cases,
    h.item_cases,
    h.firms,
    round(CAST(h.firm_cases AS DOUBLE) / h.item_cases, 4) AS share,
    t.evidence_ids
FROM hits AS h
JOIN trail AS t ON t.item_code = h.item_code AND t.year = h.year AND t.firm = h.firm
