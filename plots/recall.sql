-- recall.sql -- data of the <name>_recall figure (recall.gp): speed against
-- recall@k of every valid variant on the run's main workload, k and thread
-- count.  Empty (no figure) unless the run has an approximate variant or
-- more than one distinct recall.  `on_front` marks the Pareto front (the
-- fastest a variant gets at recall >= r): a point is on it when no other
-- point has both a recall >= its recall and a higher q/s.  Named points
-- (`series` 0, 1, ...: the front from the highest q/s down, then the run's
-- speed-up baseline if it is off the front; -1 for the others) get a legend
-- entry each; the others are drawn small and grey and counted.  q/s = nq /
-- median of the R repetitions, whiskers the IQR.
-- Reads the main slice (slice.sql).  Parameters: :run, :threads.
WITH q AS (
  SELECT *, nq * 1e9 / median_ns AS qps FROM slice
  WHERE main AND threads = :threads AND valid AND recall IS NOT NULL AND median_ns > 0
),
front AS (
  SELECT a.result_id,
         NOT EXISTS (SELECT 1 FROM q b
                     WHERE b.result_id <> a.result_id AND b.recall >= a.recall
                       AND b.qps > a.qps) AS on_front
  FROM q a
),
base AS (SELECT baseline FROM run WHERE id = :run),
named AS (
  SELECT q.result_id, f.on_front
  FROM q JOIN front f USING (result_id)
  WHERE f.on_front OR q.variant = (SELECT baseline FROM base)
),
ser AS (
  SELECT n.result_id,
         row_number() OVER (ORDER BY n.on_front DESC, q.qps DESC, q.result_id) - 1 AS series
  FROM named n JOIN q USING (result_id)
),
-- what the legend says after the name: approx or exact, baseline, the recall
notes AS (
  SELECT result_id,
         CASE WHEN verified = 'approximate' THEN 'approx, ' ELSE 'exact, ' END
           || CASE WHEN variant = (SELECT baseline FROM base) THEN 'baseline, ' ELSE '' END
           || printf('recall %.3f', recall) AS note
  FROM q
)
SELECT coalesce(ser.series, -1) AS series,
       (SELECT count(*) FROM ser) AS nnamed,
       (SELECT count(*) FROM front WHERE on_front) AS nfront,
       f.on_front AS on_front,
       q.display || ' (' || n.note || ')' AS label,
       q.variant AS variant,
       n.note AS note,
       CASE WHEN q.verified = 'approximate' THEN 1 ELSE 0 END AS kind,
       q.recall AS recall,
       q.qps AS qps,
       q.nq * 1e9 / q.q3_ns AS qps_q1,
       q.nq * 1e9 / q.q1_ns AS qps_q3,
       q.result_id AS result_id
FROM q JOIN front f USING (result_id) JOIN notes n USING (result_id)
     LEFT JOIN ser USING (result_id)
WHERE EXISTS (SELECT 1 FROM q WHERE verified = 'approximate')
   OR (SELECT count(DISTINCT recall) FROM q) > 1
ORDER BY q.recall, q.qps DESC, q.result_id;
