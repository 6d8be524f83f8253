-- work.sql -- data of the <name>_work figure (work.gp): the work of one query
-- for every variant on the run's main workload, k and thread count: distance
-- evaluations and bytes of V rows read (KiB), the medians over the R timed
-- repetitions (the work of a deterministic search does not vary).  Rows that
-- failed verification carry no values (kind 2, drawn as INVALID).  Same
-- variant order as qps.sql: valid first, fastest first (row 0 = top).
-- Parameters: :run, :workload, :k, :threads, :build.
WITH q AS (
  SELECT r.id AS result_id, r.variant_id, v.name AS variant, r.threads, r.nq, r.verified,
         r.valid, r.recall, s.median_ns, s.dist_evals_per_query, s.v_bytes_per_query,
         s.nodes_visited_per_query
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
w AS (
  SELECT o.row,
         q.variant || CASE WHEN q.verified = 'approximate' AND q.valid
                           THEN printf(' (approx, recall %.3f)', q.recall) ELSE '' END AS label,
         CASE WHEN NOT q.valid THEN 2 WHEN q.verified = 'approximate' THEN 1 ELSE 0 END AS kind,
         CASE WHEN q.valid THEN q.dist_evals_per_query END AS dist_evals,
         CASE WHEN q.valid THEN q.v_bytes_per_query / 1024.0 END AS v_kib,
         CASE WHEN q.valid THEN q.nodes_visited_per_query END AS nodes_visited,
         q.result_id
  FROM q JOIN ord o ON o.variant_id = q.variant_id
  WHERE q.threads = :threads
)
SELECT row, label, (SELECT max(length(label)) FROM w) AS label_chars, kind, dist_evals, v_kib,
       nodes_visited, result_id
FROM w
ORDER BY row;
