-- build.sql -- data of the <name>_build figure (build.gp): tree build time
-- (measurement phase 'build') per build configuration: the measurement's
-- build text (its detail, or "build", when the runner stored none), plus the
-- workload size when the run has several.  Median and quartiles over the
-- build samples of a configuration (one per workload, i.e. per seed; more if
-- the runner repeats builds).  Empty (no figure) unless the run has several
-- build configurations, in its build measurements or in its results.
-- Parameters: :run, :no_tree.
WITH b AS (
  SELECT m.wall_ns * 1e-9 AS v, w.n, coalesce(m.build, m.detail, 'build') AS config
  FROM measurement m JOIN workload w ON w.id = m.workload_id
  WHERE m.run_id = :run AND m.phase = 'build'
),
c AS (
  SELECT config || CASE WHEN (SELECT count(DISTINCT n) FROM b) > 1
                        THEN printf(', n = %d', n) ELSE '' END AS label, config, n, v
  FROM b
),
-- quantiles: the C implementation (store/stats.c) as SQL aggregates
s AS (
  SELECT label, min(config) AS config, min(n) AS n, count(*) AS samples, median(v) AS med,
         quantile(v, 0.25) AS q1, quantile(v, 0.75) AS q3
  FROM c GROUP BY label
),
cfg AS (SELECT config, row_number() OVER (ORDER BY config) - 1 AS series
        FROM (SELECT DISTINCT config FROM b))
SELECT row_number() OVER (ORDER BY s.n, s.config) - 1 AS row,
       cfg.series AS series, s.label AS label, s.samples AS samples, s.med AS seconds,
       s.q1 AS seconds_q1, s.q3 AS seconds_q3
FROM s JOIN cfg USING (config)
WHERE (SELECT count(DISTINCT config) FROM b) > 1
   OR (SELECT count(DISTINCT build) FROM result
       WHERE run_id = :run AND build <> :no_tree) > 1
ORDER BY row;
