-- threads.sql -- data of the <name>_threads figure (threads.gp): queries per
-- second against the thread count, one line per variant, on the run's main
-- workload and k.  Empty (no figure) unless the run has several thread
-- counts.  q/s = nq / median of the R timed repetitions, error bars the IQR;
-- only valid (verified) results.  `series` numbers the variants, fastest at
-- the main thread count first.
-- Reads the main slice (slice.sql).  Parameters: :threads.
WITH q AS (SELECT * FROM slice WHERE main),
ord AS (
  SELECT variant_id,
         row_number() OVER (ORDER BY max(CASE WHEN threads = :threads AND valid
                                              THEN nq * 1e9 / median_ns END) DESC,
                            min(result_id)) - 1 AS series
  FROM q WHERE valid GROUP BY variant_id
)
SELECT o.series AS series,
       (SELECT count(*) FROM ord) AS nseries,
       q.display || CASE WHEN q.verified = 'approximate' THEN ' (approx)' ELSE '' END AS label,
       q.threads AS threads,
       q.nq * 1e9 / q.median_ns AS qps,
       q.nq * 1e9 / q.q3_ns AS qps_q1,
       q.nq * 1e9 / q.q1_ns AS qps_q3,
       q.result_id AS result_id
FROM q JOIN ord o ON o.variant_id = q.variant_id
WHERE q.valid AND q.median_ns > 0 AND (SELECT count(DISTINCT threads) FROM q) > 1
ORDER BY o.series, q.threads;
