-- build.sql -- data of the <name>_build figure (build.gp): tree build time
-- (measurement phase 'build') per build configuration: the measurement's
-- build text (its detail, or "build", when the runner stored none), plus the
-- workload size when the run has several.  Median and quartiles over the
-- build samples of a configuration (one per workload, i.e. per seed; more if
-- the runner repeats builds).  Empty (no figure) unless the run has several
-- build configurations, in its build measurements or in its results.
-- `short` is the build text without the key=value words every configuration
-- shares (those are `common`, '-' if none); `size` numbers the workload sizes (the
-- figure's colour), `nsizes` counts them.
-- Parameters: :run, :no_tree.
WITH b AS (
  SELECT m.wall_ns * 1e-9 AS v, w.n, coalesce(m.build, m.detail, 'build') AS config
  FROM measurement m JOIN workload w ON w.id = m.workload_id
  WHERE m.run_id = :run AND m.phase = 'build'
),
cfgs AS (SELECT DISTINCT config FROM b),
-- the space-separated words of each build text, in order
tok(config, rest, word, pos) AS (
  SELECT config, config || ' ', NULL, 0 FROM cfgs
  UNION ALL
  SELECT config, substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1), pos + 1
  FROM tok WHERE rest <> ''
),
words AS (SELECT config, word, pos FROM tok WHERE word IS NOT NULL AND word <> ''),
shared AS (
  SELECT word, min(pos) AS pos FROM words GROUP BY word
  HAVING count(DISTINCT config) = (SELECT count(*) FROM cfgs) AND (SELECT count(*) FROM cfgs) > 1
),
short AS (
  SELECT c.config,
         coalesce((SELECT group_concat(word, ' ')
                   FROM (SELECT word FROM words x
                         WHERE x.config = c.config AND x.word NOT IN (SELECT word FROM shared)
                         ORDER BY pos)), c.config) AS short
  FROM cfgs c
),
sizes AS (SELECT n, row_number() OVER (ORDER BY n) - 1 AS size FROM (SELECT DISTINCT n FROM b)),
c AS (
  SELECT sh.short || CASE WHEN (SELECT count(*) FROM sizes) > 1
                          THEN printf(', n = %d', b.n) ELSE '' END AS label, b.config, b.n, b.v
  FROM b JOIN short sh USING (config)
),
-- quantiles: the C implementation (store/stats.c) as SQL aggregates
s AS (
  SELECT label, min(config) AS config, min(n) AS n, count(*) AS samples, median(v) AS med,
         quantile(v, 0.25) AS q1, quantile(v, 0.75) AS q3
  FROM c GROUP BY label
)
SELECT row_number() OVER (ORDER BY s.n, s.config) - 1 AS row,
       sizes.size AS size, (SELECT count(*) FROM sizes) AS nsizes, s.n AS n,
       s.label AS label, s.samples AS samples, s.med AS seconds,
       s.q1 AS seconds_q1, s.q3 AS seconds_q3,
       coalesce((SELECT group_concat(word, ' ') FROM (SELECT word FROM shared ORDER BY pos)), '-')
         AS common
FROM s JOIN sizes USING (n)
WHERE (SELECT count(DISTINCT config) FROM b) > 1
   OR (SELECT count(DISTINCT build) FROM result
       WHERE run_id = :run AND build <> :no_tree) > 1
ORDER BY row;
