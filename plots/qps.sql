-- qps.sql -- data of the <name>_qps figure (qps.gp): queries per second of
-- every variant on the run's main workload and k, one row per variant and
-- thread count (every thread count when the run has at most three, else the
-- main one).  q/s = nq / median wall time of the R timed repetitions; the
-- error bar is the IQR of the repetitions (q/s at q3 .. q/s at q1).  Rows
-- that failed verification keep their place but carry no value (kind 2:
-- drawn as an INVALID annotation, never as a bar).  Variants are ordered
-- valid first, then fastest at the main thread count first (row 0 = top;
-- slice.sql).  Parameters: :threads (the main thread count).
WITH q AS (SELECT * FROM slice WHERE main),
t AS (
  SELECT DISTINCT threads FROM q
  WHERE (SELECT count(DISTINCT threads) FROM q) <= 3 OR threads = :threads
),
ts AS (SELECT threads, row_number() OVER (ORDER BY threads) - 1 AS series FROM t)
SELECT q.row AS row,
       ts.series AS series,
       (SELECT count(*) FROM ts) AS nseries,
       q.threads AS threads,
       q.label AS label,
       q.kind AS kind,
       CASE WHEN q.valid AND q.median_ns > 0 THEN q.nq * 1e9 / q.median_ns END AS qps,
       CASE WHEN q.valid AND q.q3_ns > 0 THEN q.nq * 1e9 / q.q3_ns END AS qps_q1,
       CASE WHEN q.valid AND q.q1_ns > 0 THEN q.nq * 1e9 / q.q1_ns END AS qps_q3,
       q.reps AS reps,
       q.result_id AS result_id
FROM q JOIN ts ON ts.threads = q.threads
ORDER BY q.row, ts.series;
