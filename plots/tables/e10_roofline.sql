-- e10_roofline.sql -- E10's table: per workload size and variant of a run,
-- q/s, distance evaluations per query, the useful fraction (pairs the
-- query's own pruning asked for / pairs computed), V bytes read per query,
-- the useful arithmetic rate (2 m flops per useful pair) and its share of
-- the dgemm rate measured in the same run (run.dgemm_gflops), and the
-- tree's build time.  Valid (verified) results only.
--   sqlite3 -header -column DB ".param set :run RUN" ".read plots/tables/e10_roofline.sql"
SELECT q.n,
       q.variant,
       printf('%.0f', q.qps) AS qps,
       printf('%.0f', q.dist_evals_per_query) AS evals_per_q,
       printf('%.3f', q.useful_pairs_per_query / q.dist_evals_per_query) AS useful_frac,
       printf('%.0f', q.v_bytes_fetched_per_query / 1024.0) AS v_kib_per_q,
       printf('%.2f', q.useful_pairs_per_query * q.nq * 2.0 * w.m / (q.median_s * 1e9)) AS useful_gflops,
       printf('%.3f', q.useful_pairs_per_query * q.nq * 2.0 * w.m / (q.median_s * 1e9)
                      / r.dgemm_gflops) AS of_dgemm,
       printf('%.2f', (SELECT s.seconds FROM v_setup s WHERE s.run = q.run
                         AND s.workload_id = q.workload_id AND s.phase = 'build'
                         AND s.build = q.build)) AS build_s,
       q.verified
FROM v_query_summary q
JOIN workload w ON w.id = q.workload_id
JOIN run r ON r.id = q.run
WHERE q.run = :run AND q.valid = 1
ORDER BY q.n, q.qps DESC;
