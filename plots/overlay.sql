-- overlay.sql -- data of the <name>-runA-vs-runB_overlay figure (overlay.gp,
-- `ctbench plot --overlay A B`): queries per second of run A (before) and run
-- B (after) side by side, one row per variant of either run, each on its own
-- run's main slice (the temporary tables slice_a and slice_b, made from
-- slice.sql for each run; variants matched by their full name), at the
-- largest thread count both runs have (else each run's own largest).
-- in_a / in_b: whether the run has the variant there; kind_a / kind_b as in
-- slice.sql (0 exact, 1 approximate, 2 failed verification) or -1 when the
-- run does not have it.  q/s = nq / median wall time, the error bar the IQR
-- of the repetitions, as in qps.sql; a unit that failed verification carries
-- no q/s (drawn as INVALID, never as a bar) and no ratio.  ratio = qps_b /
-- qps_a when both are valid.  Order: variants of both runs first (fastest
-- in A first, invalid last), then those only in A, then only in B (row 0 =
-- top).  xmax: the largest upper whisker (for the axis).  No parameters.
WITH ta AS (SELECT DISTINCT threads FROM temp.slice_a WHERE main),
tb AS (SELECT DISTINCT threads FROM temp.slice_b WHERE main),
common AS (SELECT max(threads) AS t FROM ta WHERE threads IN (SELECT threads FROM tb)),
t AS (
  SELECT coalesce((SELECT t FROM common), (SELECT max(threads) FROM ta)) AS a,
         coalesce((SELECT t FROM common), (SELECT max(threads) FROM tb)) AS b
),
a AS (SELECT * FROM temp.slice_a WHERE main AND threads = (SELECT a FROM t)),
b AS (SELECT * FROM temp.slice_b WHERE main AND threads = (SELECT b FROM t)),
names AS (SELECT variant FROM a UNION SELECT variant FROM b),
j AS (
  SELECT n.variant,
         coalesce(a.display, b.display)
           || CASE WHEN 'approximate' IN (a.verified, b.verified) THEN ' (approx)' ELSE '' END
           AS label,
         a.result_id IS NOT NULL AS in_a,
         b.result_id IS NOT NULL AS in_b,
         coalesce(a.kind, -1) AS kind_a,
         coalesce(b.kind, -1) AS kind_b,
         coalesce((SELECT a FROM t), 0) AS threads_a,
         coalesce((SELECT b FROM t), 0) AS threads_b,
         CASE WHEN a.valid AND a.median_ns > 0 THEN a.nq * 1e9 / a.median_ns END AS qps_a,
         CASE WHEN a.valid AND a.q3_ns > 0 THEN a.nq * 1e9 / a.q3_ns END AS qps_a_q1,
         CASE WHEN a.valid AND a.q1_ns > 0 THEN a.nq * 1e9 / a.q1_ns END AS qps_a_q3,
         CASE WHEN b.valid AND b.median_ns > 0 THEN b.nq * 1e9 / b.median_ns END AS qps_b,
         CASE WHEN b.valid AND b.q3_ns > 0 THEN b.nq * 1e9 / b.q3_ns END AS qps_b_q1,
         CASE WHEN b.valid AND b.q1_ns > 0 THEN b.nq * 1e9 / b.q1_ns END AS qps_b_q3,
         a.reps AS reps_a,
         b.reps AS reps_b,
         a.result_id AS result_a,
         b.result_id AS result_b
  FROM names n LEFT JOIN a ON a.variant = n.variant LEFT JOIN b ON b.variant = n.variant
)
SELECT row_number() OVER (ORDER BY in_a AND in_b DESC, in_a DESC, qps_a IS NULL, qps_a DESC,
                                   qps_b IS NULL, qps_b DESC, variant) - 1 AS row,
       (SELECT count(*) FROM j) AS nrows,
       label,
       (SELECT max(length(label)) FROM j) AS label_chars,
       variant,
       CASE WHEN in_a AND in_b THEN 'both' WHEN in_a THEN 'only A' ELSE 'only B' END AS status,
       in_a, in_b, kind_a, kind_b, threads_a, threads_b,
       qps_a, qps_a_q1, qps_a_q3, qps_b, qps_b_q1, qps_b_q3,
       CASE WHEN qps_a > 0 AND qps_b > 0 THEN qps_b / qps_a END AS ratio,
       (SELECT max(max(coalesce(qps_a_q3, 0)), max(coalesce(qps_b_q3, 0))) FROM j) AS xmax,
       reps_a, reps_b, result_a, result_b
FROM j
ORDER BY row;
