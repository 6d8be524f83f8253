-- scaling.sql -- data of the <name>_scaling figure (scaling.gp): queries per
-- second and distance evaluations per query against the workload size n, one
-- line per variant, at the run's main k and thread count.  Empty (no figure)
-- unless the run has workloads of several sizes.  For each n the first
-- workload of that size (lowest id, i.e. the first seed) is used; q/s = nq /
-- median of the R timed repetitions, error bars the IQR; only valid results.
-- `series` numbers the variants, fastest on the largest workload first.
-- Parameters: :run, :k, :threads, :build.
WITH w AS (
  SELECT min(w.id) AS workload_id, w.n
  FROM workload w JOIN result r ON r.workload_id = w.id
  WHERE r.run_id = :run GROUP BY w.n
),
q AS (
  SELECT r.id AS result_id, r.variant_id, v.name AS variant, w.n, r.nq, r.verified,
         s.median_ns, s.q1_ns, s.q3_ns, s.dist_evals_per_query
  FROM result r JOIN variant v ON v.id = r.variant_id JOIN summary s ON s.result_id = r.id
       JOIN w ON w.workload_id = r.workload_id
  WHERE r.run_id = :run AND r.k = :k AND r.threads = :threads AND r.valid AND s.median_ns > 0
    AND r.build IN (:build, 'none (baseline)')
),
ord AS (
  SELECT variant_id,
         row_number() OVER (ORDER BY max(CASE WHEN n = (SELECT max(n) FROM w)
                                              THEN nq * 1e9 / median_ns END) DESC,
                            min(result_id)) - 1 AS series
  FROM q GROUP BY variant_id
)
SELECT o.series AS series,
       (SELECT count(*) FROM ord) AS nseries,
       q.variant || CASE WHEN q.verified = 'approximate' THEN ' (approx)' ELSE '' END AS label,
       q.n AS n,
       q.nq * 1e9 / q.median_ns AS qps,
       q.nq * 1e9 / q.q3_ns AS qps_q1,
       q.nq * 1e9 / q.q1_ns AS qps_q3,
       q.dist_evals_per_query AS dist_evals,
       q.result_id AS result_id
FROM q JOIN ord o ON o.variant_id = q.variant_id
WHERE (SELECT count(*) FROM w) > 1
ORDER BY o.series, q.n;
