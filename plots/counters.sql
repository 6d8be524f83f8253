-- counters.sql -- data of the <name>_counters figure (counters.gp): cache
-- counters per query of every variant on the run's main workload and k.
-- Hardware counters (source 'papi', status 'ok', main thread count; not the
-- kernel's software events perf::*, which count on every machine) when the
-- run has any: one panel per event (at most four, L1/L2/L3 data misses
-- first), the median and quartiles over the R timed repetitions of
-- value / nq.  Otherwise simulated counters (source 'simulated': callgrind's
-- cache model, one deterministic run of the first :sim_nq queries on one
-- thread from cold caches): L1 data misses (D1mr + D1mw), last-level data
-- misses (DLmr + DLmw) and instructions (Ir) per query.  Empty (no figure)
-- when the run has neither.  Same variant order as qps.sql; variants that
-- failed verification have no values (kind 2).
-- Reads the main slice (slice.sql).  Parameters: :threads, :sim_nq.
WITH q AS (SELECT * FROM slice WHERE main),
ord AS (
  SELECT variant_id, max(row) AS row, max(CASE WHEN threads = :threads THEN label END) AS label,
         CASE WHEN max(CASE WHEN threads = :threads THEN valid END) = 0 THEN 2
              WHEN max(verified = 'approximate') THEN 1 ELSE 0 END AS kind
  FROM q GROUP BY variant_id
),
src AS (
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM counter c JOIN q ON q.result_id = c.result_id
                 WHERE c.source = 'papi' AND c.status = 'ok' AND c.value IS NOT NULL
                   AND c.event NOT LIKE 'perf::%'
                   AND c.measurement_id IS NOT NULL AND q.threads = :threads) THEN 'papi'
    WHEN EXISTS (SELECT 1 FROM counter c JOIN q ON q.result_id = c.result_id
                 WHERE c.source = 'simulated' AND c.status = 'ok'
                   AND c.value IS NOT NULL) THEN 'simulated'
  END AS source
),
-- hardware: one value per timed repetition, divided by the queries of the batch
hw AS (
  SELECT q.variant_id, c.event, c.value * 1.0 / m.nq AS v
  FROM counter c JOIN measurement m ON m.id = c.measurement_id
       JOIN q ON q.result_id = c.result_id
  WHERE (SELECT source FROM src) = 'papi' AND c.source = 'papi' AND c.status = 'ok'
    AND c.event NOT LIKE 'perf::%'
    AND c.value IS NOT NULL AND m.phase = 'query' AND m.nq > 0 AND q.threads = :threads
    AND q.valid
),
hwev AS (
  SELECT event,
         row_number() OVER (ORDER BY CASE event WHEN 'PAPI_L1_DCM' THEN 0
                                                WHEN 'PAPI_L2_DCM' THEN 1
                                                WHEN 'PAPI_L3_TCM' THEN 2
                                                WHEN 'PAPI_TLB_DM' THEN 3
                                                WHEN 'PAPI_TOT_INS' THEN 4
                                                WHEN 'PAPI_TOT_CYC' THEN 5 ELSE 6 END,
                            event) - 1 AS panel
  FROM (SELECT DISTINCT event FROM hw)
),
-- quantiles: the C implementation (store/stats.c) as SQL aggregates
hwq AS (
  SELECT variant_id, event, median(v) AS med, quantile(v, 0.25) AS q1, quantile(v, 0.75) AS q3
  FROM hw GROUP BY variant_id, event
),
-- simulated: one sample per result; the first result of a variant that has one
simres AS (
  SELECT q.variant_id, min(q.result_id) AS result_id
  FROM counter c JOIN q ON q.result_id = c.result_id
  WHERE (SELECT source FROM src) = 'simulated' AND c.source = 'simulated'
    AND c.status = 'ok' AND c.value IS NOT NULL AND q.valid
  GROUP BY q.variant_id
),
sim AS (
  SELECT sr.variant_id,
         sum(CASE WHEN c.event IN ('callgrind:D1mr', 'callgrind:D1mw') THEN c.value END) AS l1,
         sum(CASE WHEN c.event IN ('callgrind:DLmr', 'callgrind:DLmw') THEN c.value END) AS ll,
         sum(CASE WHEN c.event = 'callgrind:Ir' THEN c.value END) AS ir
  FROM simres sr JOIN counter c ON c.result_id = sr.result_id
  WHERE c.source = 'simulated' AND c.status = 'ok'
  GROUP BY sr.variant_id
),
panels AS (
  SELECT panel, event,
         CASE event WHEN 'PAPI_L1_DCM' THEN 'L1 data misses / query'
                    WHEN 'PAPI_L2_DCM' THEN 'L2 data misses / query'
                    WHEN 'PAPI_L3_TCM' THEN 'L3 misses / query'
                    WHEN 'PAPI_TLB_DM' THEN 'data TLB misses / query'
                    WHEN 'PAPI_TOT_INS' THEN 'instructions / query'
                    WHEN 'PAPI_TOT_CYC' THEN 'cycles / query'
                    ELSE event || ' / query' END AS title,
         event AS what
  FROM hwev WHERE panel < 4
  UNION ALL
  SELECT 0, 'l1', 'L1 data misses / query', 'callgrind D1mr + D1mw'
  WHERE (SELECT source FROM src) = 'simulated'
  UNION ALL
  SELECT 1, 'll', 'last-level data misses / query', 'callgrind DLmr + DLmw'
  WHERE (SELECT source FROM src) = 'simulated'
  UNION ALL
  SELECT 2, 'ir', 'instructions / query', 'callgrind Ir'
  WHERE (SELECT source FROM src) = 'simulated'
),
vals AS (
  SELECT variant_id, event, med, q1, q3 FROM hwq
  UNION ALL
  SELECT variant_id, 'l1', l1 * 1.0 / :sim_nq, NULL, NULL FROM sim
  UNION ALL
  SELECT variant_id, 'll', ll * 1.0 / :sim_nq, NULL, NULL FROM sim
  UNION ALL
  SELECT variant_id, 'ir', ir * 1.0 / :sim_nq, NULL, NULL FROM sim
)
SELECT o.row AS row,
       o.label AS label,
       (SELECT max(length(label)) FROM ord) AS label_chars,
       o.kind AS kind,
       p.panel AS panel,
       (SELECT count(*) FROM panels) AS npanels,
       p.title AS panel_title,
       p.what AS panel_event,
       x.med AS value,
       x.q1 AS value_q1,
       x.q3 AS value_q3,
       (SELECT source FROM src) AS source
FROM ord o CROSS JOIN panels p
     LEFT JOIN vals x ON x.variant_id = o.variant_id AND x.event = p.event
ORDER BY p.panel, o.row;
