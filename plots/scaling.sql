-- scaling.sql -- data of the <name>_scaling figure (scaling.gp): queries per
-- second and distance evaluations per query against the workload size n, one
-- line per variant, at the run's main k and thread count.  Empty (no figure)
-- unless the run has workloads of several sizes.  For each n the first
-- workload of that size (lowest id, i.e. the first seed) is used; q/s = nq /
-- median of the R timed repetitions, error bars the IQR; only valid results.
-- `series` numbers the variants, fastest on the largest workload first.
-- Reads the slice (slice.sql).  Parameters: :k, :threads.
WITH w AS (SELECT min(workload_id) AS workload_id, n FROM slice GROUP BY n),
q AS (
  SELECT s.* FROM slice s JOIN w ON w.workload_id = s.workload_id
  WHERE s.k = :k AND s.threads = :threads AND s.valid AND s.median_ns > 0
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
       q.display || CASE WHEN q.verified = 'approximate' THEN ' (approx)' ELSE '' END AS label,
       q.n AS n,
       q.nq * 1e9 / q.median_ns AS qps,
       q.nq * 1e9 / q.q3_ns AS qps_q1,
       q.nq * 1e9 / q.q1_ns AS qps_q3,
       NULLIF(q.dist_evals_per_query, 0) AS dist_evals, -- external programs report none
       q.result_id AS result_id
FROM q JOIN ord o ON o.variant_id = q.variant_id
WHERE (SELECT count(*) FROM w) > 1
ORDER BY o.series, q.n;
