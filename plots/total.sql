-- total.sql -- data of the <name>_total figure (total.gp): the end-to-end
-- time a user waits for against the workload size n, one line per variant,
-- at the run's main k and thread count (EXPERIMENTS.md E15, the Vecchia
-- job):
--   total_s = factor_s + build_s + lower_s + query_s
-- factor_s  the workload's Nystrom factor (phase 'factor'; 0 when V was
--           loaded from a file: no factor was timed);
-- build_s   the canonical tree of the unit's own build configuration (phase
--           'build' whose `build` is the result's); an external program's own
--           preparation (result_extra own_build_s); 0 for the baselines;
-- lower_s   the unit's own layout (phase 'lower' whose `detail` is the
--           variant's setup key, topology.order.data.precision, on the same
--           build; brute_blas.f32's float copy of V, on no tree); 0 without;
-- query_s   the median of the R timed repetitions of the query batch.
-- The check phase (the tree checker) is not part of a user's wait.  Each
-- setup phase is one timing; when a resumed run repeated one (same
-- workload, phase, detail and build) its mean is taken, not the sum.
-- For each n the first workload of that size (lowest id, the first seed).
-- Every unit of those workloads is a row; a unit that failed verification
-- keeps valid = 0 and kind = 2 and is drawn as INVALID, never as a time.
-- `series` numbers the variants, fastest total on the largest n first;
-- `legend` is the label with the setup's share of the total at the
-- variant's largest valid n (named when it is not the run's largest) and the
-- sizes where it failed verification (`legend_short`, for a narrow paper
-- figure: the label and INVALID); `first_at_n` marks
-- one row per n (the factor line); `ylo`/`yhi` bound the drawn values.
-- Empty (no figure) unless valid units cover several sizes.
-- Reads the slice (slice.sql).  Parameters: :run, :k, :threads, :no_tree.
WITH w AS (SELECT min(workload_id) AS workload_id, n FROM slice GROUP BY n),
q AS (
  SELECT s.*, v.family AS family,
         CASE WHEN v.topology IS NOT NULL
              THEN v.topology || '.' || v.node_order || '.' || v.data || '.' || v.precision
              ELSE v.family || '.' || v.precision END AS layout_key
  FROM slice s JOIN w ON w.workload_id = s.workload_id JOIN variant v ON v.id = s.variant_id
  WHERE s.k = :k AND s.threads = :threads AND (s.median_ns > 0 OR NOT s.valid)
),
setup AS (
  SELECT workload_id, phase, detail, build, avg(wall_ns) * 1e-9 AS s
  FROM measurement
  WHERE run_id = :run AND phase IN ('factor', 'build', 'lower')
  GROUP BY workload_id, phase, detail, build
),
t AS (
  SELECT q.*,
         coalesce((SELECT sum(u.s) FROM setup u
                   WHERE u.workload_id = q.workload_id AND u.phase = 'factor'), 0) AS factor_s,
         CASE WHEN q.family = 'external'
              THEN coalesce((SELECT x.value FROM result_extra x
                             WHERE x.result_id = q.result_id AND x.name = 'own_build_s'), 0)
              ELSE coalesce((SELECT sum(u.s) FROM setup u
                             WHERE u.workload_id = q.workload_id AND u.phase = 'build'
                               AND u.build = q.build), 0) END AS build_s,
         coalesce((SELECT sum(u.s) FROM setup u
                   WHERE u.workload_id = q.workload_id AND u.phase = 'lower'
                     AND u.detail = q.layout_key
                     AND coalesce(u.build, :no_tree) = q.build), 0) AS lower_s,
         q.median_ns * 1e-9 AS query_s, q.q1_ns * 1e-9 AS query_q1_s,
         q.q3_ns * 1e-9 AS query_q3_s
  FROM q
),
ord AS (
  SELECT variant_id,
         row_number() OVER (
           ORDER BY max(CASE WHEN n = (SELECT max(n) FROM w) AND valid
                             THEN factor_s + build_s + lower_s + query_s END) IS NULL,
                    max(CASE WHEN n = (SELECT max(n) FROM w) AND valid
                             THEN factor_s + build_s + lower_s + query_s END),
                    max(valid) DESC, min(result_id)) - 1 AS series,
         group_concat(CASE WHEN NOT valid THEN n END, ', ') AS invalid_at,
         max(verified = 'approximate') AS approx
  FROM (SELECT * FROM t ORDER BY n) GROUP BY variant_id
),
share AS (
  SELECT variant_id, n AS share_n, (factor_s + build_s + lower_s)
         / (factor_s + build_s + lower_s + query_s) AS setup_share
  FROM (SELECT t.*, row_number() OVER (PARTITION BY variant_id ORDER BY n DESC) AS r
        FROM t WHERE valid)
  WHERE r = 1
)
SELECT o.series AS series,
       (SELECT count(*) FROM ord) AS nseries,
       t.display || CASE WHEN o.approx THEN ' (approx)' ELSE '' END AS label,
       t.display || CASE WHEN o.approx THEN ' (approx)' ELSE '' END
         || CASE WHEN sh.setup_share IS NOT NULL
                 THEN printf(': setup %.0f %%', 100 * sh.setup_share)
                      || CASE WHEN sh.share_n < (SELECT max(n) FROM w)
                              THEN printf(' at n = %d', sh.share_n) ELSE '' END
                 ELSE '' END
         || CASE WHEN o.invalid_at IS NOT NULL
                 THEN ' (INVALID at n = ' || o.invalid_at || ')' ELSE '' END AS legend,
       t.display || CASE WHEN o.approx THEN ' (approx)' ELSE '' END
         || CASE WHEN o.invalid_at IS NOT NULL THEN ' INVALID' ELSE '' END AS legend_short,
       t.variant AS variant,
       t.n AS n,
       t.valid AS valid,
       CASE WHEN NOT t.valid THEN 2 WHEN t.verified = 'approximate' THEN 1 ELSE 0 END AS kind,
       row_number() OVER (PARTITION BY t.n ORDER BY o.series) = 1 AS first_at_n,
       t.factor_s AS factor_s,
       t.build_s AS build_s,
       t.lower_s AS lower_s,
       t.factor_s + t.build_s + t.lower_s AS setup_s,
       t.query_s AS query_s,
       t.query_q1_s AS query_q1_s,
       t.query_q3_s AS query_q3_s,
       t.factor_s + t.build_s + t.lower_s + t.query_s AS total_s,
       (SELECT min(min(v.query_s, CASE WHEN v.factor_s > 0 THEN v.factor_s ELSE v.query_s END))
        FROM t v WHERE v.valid) AS ylo,
       (SELECT max(v.factor_s + v.build_s + v.lower_s + v.query_s) FROM t v WHERE v.valid) AS yhi,
       t.build AS build,
       t.workload_id AS workload_id,
       t.result_id AS result_id
FROM t JOIN ord o ON o.variant_id = t.variant_id LEFT JOIN share sh ON sh.variant_id = t.variant_id
WHERE (SELECT count(DISTINCT n) FROM t WHERE valid) > 1
ORDER BY o.series, t.n;
