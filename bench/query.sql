-- The full-table query of zoneboard's engine (engine.Query{}), for DuckDB and SQLite alike:
-- one row per observation with its growth, its parent's value and growth, the share, the gap,
-- the multiple, and the ranks and the number of peers among the unit's siblings.
--
-- It assumes what holds for the synthetic indicators: every indicator is nominal (its growth
-- may be computed from levels) and higher is better (ranks are descending).
WITH figures AS (
    -- Each published figure with its growth: the published one, else the growth against the
    -- value of the same span last year, which needs a positive base.
    SELECT o.unit, o.indicator, o.year, o.first_month, o.last_month, o.value,
           COALESCE(o.growth,
                    CASE WHEN last_year.value > 0 THEN (o.value / last_year.value - 1) * 100 END) AS growth
    FROM observations o
    LEFT JOIN observations last_year
           ON last_year.unit = o.unit AND last_year.indicator = o.indicator
          AND last_year.year = o.year - 1
          AND last_year.first_month = o.first_month AND last_year.last_month = o.last_month
    WHERE o.value IS NOT NULL OR o.growth IS NOT NULL
),
compared AS (
    -- The parent is the reference; a unit without one is ranked alone (peer_set is itself).
    SELECT f.*, u.parent AS ref, r.value AS ref_value, r.growth AS ref_growth,
           COALESCE(u.parent, f.unit) AS peer_set
    FROM figures f
    JOIN units u ON u.code = f.unit
    LEFT JOIN figures r
           ON r.unit = u.parent AND r.indicator = f.indicator AND r.year = f.year
          AND r.first_month = f.first_month AND r.last_month = f.last_month
)
SELECT unit, indicator, year, first_month, last_month,
       value, growth, ref, ref_value, ref_growth,
       CASE WHEN ref_value > 0 THEN value / ref_value * 100 END AS share_of_ref,
       growth - ref_growth AS gap_pp,
       CASE WHEN growth > ref_growth AND ref_growth > 0 THEN growth / ref_growth END AS multiple,
       -- RANK() over the siblings that have the figure: missing figures sort last and get no rank.
       CASE WHEN value IS NOT NULL THEN
           RANK() OVER (PARTITION BY peer_set, indicator, year, first_month, last_month
                        ORDER BY value DESC NULLS LAST) END AS rank_by_value,
       CASE WHEN growth IS NOT NULL THEN
           RANK() OVER (PARTITION BY peer_set, indicator, year, first_month, last_month
                        ORDER BY growth DESC NULLS LAST) END AS rank_by_growth,
       -- The siblings with a value; for an indicator published as growth only, with a growth.
       CASE WHEN COUNT(value) OVER siblings > 0 THEN COUNT(value) OVER siblings
            ELSE COUNT(growth) OVER siblings END AS peers
FROM compared
WINDOW siblings AS (PARTITION BY peer_set, indicator, year, first_month, last_month)
