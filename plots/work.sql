-- work.sql -- data of the <name>_work figure (work.gp): the work of one query
-- for every variant on the run's main workload, k and thread count: distance
-- evaluations and bytes of V rows read (KiB), the medians over the R timed
-- repetitions (the work of a deterministic search does not vary).  Rows that
-- failed verification carry no values (kind 2, drawn as INVALID).  Same
-- variant order as qps.sql (slice.sql).  Parameters: :threads.
WITH w AS (
  SELECT q.row, q.label, q.kind,
         CASE WHEN q.valid THEN q.dist_evals_per_query END AS dist_evals,
         CASE WHEN q.valid THEN q.v_bytes_per_query / 1024.0 END AS v_kib,
         CASE WHEN q.valid THEN q.nodes_visited_per_query END AS nodes_visited,
         q.result_id
  FROM slice q
  WHERE q.main AND q.threads = :threads
)
SELECT row, label, (SELECT max(length(label)) FROM w) AS label_chars, kind, dist_evals, v_kib,
       nodes_visited, result_id
FROM w
ORDER BY row;
