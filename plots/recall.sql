-- recall.sql -- data of the <name>_recall figure (recall.gp): speed against
-- recall@k of every valid variant on the run's main workload, k and thread
-- count.  Empty (no figure) unless the run has an approximate variant or
-- more than one distinct recall.  Named points (`series` 0, 1, ..., fastest
-- first; -1 for the others) are every approximate variant, the fastest exact
-- variant and the run's speed-up baseline; the remaining exact variants are
-- drawn as unnamed grey points.  q/s = nq / median of the R repetitions,
-- whiskers the IQR.
-- Reads the main slice (slice.sql).  Parameters: :run, :threads.
WITH q AS (
  SELECT * FROM slice
  WHERE main AND threads = :threads AND valid AND recall IS NOT NULL AND median_ns > 0
),
fastest AS (
  SELECT result_id FROM q WHERE verified = 'exact' ORDER BY median_ns, result_id LIMIT 1
),
named AS (
  SELECT result_id FROM q WHERE verified = 'approximate'
  UNION SELECT result_id FROM fastest
  UNION SELECT result_id FROM q WHERE variant = (SELECT baseline FROM run WHERE id = :run)
),
ser AS (
  SELECT q.result_id, row_number() OVER (ORDER BY q.median_ns, q.result_id) - 1 AS series
  FROM q JOIN named USING (result_id)
)
SELECT coalesce(ser.series, -1) AS series,
       (SELECT count(*) FROM ser) AS nnamed,
       q.variant || ' ('
         || CASE WHEN q.verified = 'approximate' THEN 'approx, ' ELSE '' END
         || CASE WHEN q.result_id IN (SELECT result_id FROM fastest) THEN 'fastest exact, '
                 ELSE '' END
         || CASE WHEN q.variant = (SELECT baseline FROM run WHERE id = :run) THEN 'baseline, '
                 ELSE '' END
         || printf('recall %.3f)', q.recall) AS label,
       CASE WHEN q.verified = 'approximate' THEN 1 ELSE 0 END AS kind,
       q.recall AS recall,
       q.nq * 1e9 / q.median_ns AS qps,
       q.nq * 1e9 / q.q3_ns AS qps_q1,
       q.nq * 1e9 / q.q1_ns AS qps_q3,
       q.result_id AS result_id
FROM q LEFT JOIN ser USING (result_id)
WHERE EXISTS (SELECT 1 FROM q WHERE verified = 'approximate')
   OR (SELECT count(DISTINCT recall) FROM q) > 1
ORDER BY q.recall, q.median_ns;
