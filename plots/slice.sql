-- slice.sql -- the main slice every per-variant figure reads (as the table
-- `slice`, made once per run before its figures): every result of run :run
-- on the run's first build configuration :build or on no tree (:no_tree,
-- the baselines), with its summary, workload size, the figure label and
-- kind (0 exact, 1 approximate, 2 failed verification: drawn as INVALID,
-- never as a value), and `row`: the figure order of its variant on the main
-- workload and k -- valid first, then fastest at the main thread count
-- first (row 0 = top); NULL outside the main workload and k.  `display` is
-- the variant's name in the figures: its `plot --label` (temp.label_map, made
-- by ctbench before the slice; empty without --label), else the name.
-- Parameters: :run, :workload, :k, :threads, :build, :no_tree.
WITH r AS (
  SELECT r.id AS result_id, r.variant_id, v.name AS variant, r.workload_id, w.n, r.k,
         r.threads, r.nq, r.verified, r.valid, r.recall, r.build, s.reps, s.median_ns,
         s.q1_ns, s.q3_ns, s.dist_evals_per_query, s.v_bytes_per_query,
         s.nodes_visited_per_query, (r.workload_id = :workload AND r.k = :k) AS main,
         coalesce(lm.label, v.name) AS display
  FROM result r JOIN variant v ON v.id = r.variant_id JOIN summary s ON s.result_id = r.id
       JOIN workload w ON w.id = r.workload_id LEFT JOIN temp.label_map lm ON lm.variant = v.name
  WHERE r.run_id = :run AND r.build IN (:build, :no_tree)
),
ord AS (
  SELECT variant_id,
         row_number() OVER (ORDER BY max(valid) DESC,
                            max(CASE WHEN threads = :threads AND valid
                                     THEN nq * 1e9 / median_ns END) DESC,
                            min(result_id)) - 1 AS row
  FROM r WHERE main GROUP BY variant_id
)
SELECT r.*, CASE WHEN r.main THEN ord.row END AS row,
       r.display || CASE WHEN r.verified = 'approximate' AND r.valid
                         THEN printf(' (approx, recall %.3f)', r.recall) ELSE '' END AS label,
       CASE WHEN NOT r.valid THEN 2 WHEN r.verified = 'approximate' THEN 1 ELSE 0 END AS kind
FROM r LEFT JOIN ord USING (variant_id)
