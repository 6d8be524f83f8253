-- qps.sql -- data of the <name>_qps figure (qps.gp): queries per second of
-- every variant on the run's main workload and k, one row per variant and
-- thread count (every thread count when the run has at most three, else the
-- main one).  q/s = nq / median wall time of the R timed repetitions; the
-- error bar is the IQR of the repetitions (q/s at q3 .. q/s at q1).  Rows
-- that failed verification keep their place but carry no value (kind 2:
-- drawn as an INVALID annotation, never as a bar).  Variants are ordered
-- valid first, then fastest at the main thread count first (row 0 = top).
-- Parameters: :run, :workload, :k, :threads (the main thread count), :build.
WITH q AS (
  SELECT r.id AS result_id, r.variant_id, v.name AS variant, r.threads, r.nq, r.verified,
         r.valid, r.recall, s.reps, s.median_ns, s.q1_ns, s.q3_ns
  FROM result r JOIN variant v ON v.id = r.variant_id JOIN summary s ON s.result_id = r.id
  WHERE r.run_id = :run AND r.workload_id = :workload AND r.k = :k
    AND r.build IN (:build, 'none (baseline)')
),
ord AS (
  SELECT variant_id,
         row_number() OVER (ORDER BY max(valid) DESC,
                            max(CASE WHEN threads = :threads AND valid
                                     THEN nq * 1e9 / median_ns END) DESC,
                            min(result_id)) - 1 AS row
  FROM q GROUP BY variant_id
),
t AS (
  SELECT DISTINCT threads FROM q
  WHERE (SELECT count(DISTINCT threads) FROM q) <= 3 OR threads = :threads
),
ts AS (SELECT threads, row_number() OVER (ORDER BY threads) - 1 AS series FROM t)
SELECT o.row AS row,
       ts.series AS series,
       (SELECT count(*) FROM ts) AS nseries,
       q.threads AS threads,
       q.variant || CASE WHEN q.verified = 'approximate' AND q.valid
                         THEN printf(' (approx, recall %.3f)', q.recall) ELSE '' END AS label,
       CASE WHEN NOT q.valid THEN 2 WHEN q.verified = 'approximate' THEN 1 ELSE 0 END AS kind,
       CASE WHEN q.valid AND q.median_ns > 0 THEN q.nq * 1e9 / q.median_ns END AS qps,
       CASE WHEN q.valid AND q.q3_ns > 0 THEN q.nq * 1e9 / q.q3_ns END AS qps_q1,
       CASE WHEN q.valid AND q.q1_ns > 0 THEN q.nq * 1e9 / q.q1_ns END AS qps_q3,
       q.reps AS reps,
       q.result_id AS result_id
FROM q JOIN ts ON ts.threads = q.threads JOIN ord o ON o.variant_id = q.variant_id
ORDER BY o.row, ts.series;
