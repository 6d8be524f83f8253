/* db_schema.c -- the results database schema as a list of forward
 * migrations (results.h, applied by db.h).  Never edit a released step:
 * append a new one.
 *
 *   1: run, workload, variant, result (the verified unit: one variant on one
 *      workload, thread count and query set), measurement (every sample of
 *      every phase, all kept), counter (hardware, simulated or absent, with
 *      status and reason).
 *   2: counter.ratio (enabled/running time of multiplexed events), summary
 *      (median and quartiles computed in C, SQLite has no median; back-filled
 *      for existing results), views v_query_summary, v_speedup, v_setup and
 *      v_counter_status.
 *   3: sweeps over build configurations and workload sizes.  result is
 *      rebuilt (ids kept) with `build` in its UNIQUE key, so one run can hold
 *      the same variant over several trees; measurement.build names the tree
 *      of a build/check/lower row (back-filled from the run's results, and
 *      copied into the detail of old build/check rows, as the runner now
 *      writes them);
 *      table tree holds each tree's build time and shape (ct_tree_stats), one
 *      row per (run, workload, build); the views gain `build` and `n`
 *      columns (appended), v_speedup matches a tree-variant reference on the
 *      same build (a baseline row gets a speed-up against it only when the
 *      reference ran on one build), and v_tree joins tree with its
 *      workload.  The rebuild needs
 *      foreign keys off, which bench_db_migrate arranges outside the step's
 *      transaction.
 *   4: the writer of a run (host, boot id, pid, process start time: a later
 *      reader tells a live writer from a dead one, util/process.h) and its
 *      heartbeat (updated with every write of the run); the commit of the
 *      checkout at run time beside git_commit, which from now on is the
 *      commit the binary was built from.
 *   5: what a regression gate, a history and a scale-out need:
 *      - run: the machine (a name given with --machine, an identity hash of
 *        host + CPU model + BLAS core + compiler + flags, OS, RAM, caches,
 *        SMT, frequency governor and boost, affinity, OMP_* environment),
 *        the noise of the whole run (load average at start and end, CPU
 *        steal, noisy flag and why), its shard of a split sweep ("i/n"),
 *        and the commit time of its commit (history order);
 *      - measurement: the interleaving round of a sample, what disturbed it
 *        (this process's CPU time and context switches, the other
 *        processes' CPU share and the steal during it, noisy flag), and the
 *        batch traversal's work counters (useful pairs, rows fetched, V
 *        bytes fetched);
 *      - summary: those counters per query;
 *      - variant: its parameters ("g=16,product=blas", params.def);
 *      - result_extra: named numbers of a result that only some families
 *        have (an external program's peak memory, wall time, own timings);
 *      - run: the dgemm rate measured in the run and its shape (the
 *        roofline of the batch traversal and brute_blas);
 *      - annotation: intentional changes (a new algorithm, a new machine)
 *        tied to a run or a commit, shown on histories and figures;
 *      - views: v_query_summary gains those columns (appended); v_speedup
 *        pairs a variant with the baseline's samples of the same rounds.
 *   6: run.only_glob: the `run --only GLOB` a run was made with (NULL: every
 *      variant of its config), so `plot` does not take a partial run for the
 *      full one (issue 14).
 */
#include <sqlite3.h>
#include <stdint.h>

#include "results.h"

static const char schema_v1[] =
    "CREATE TABLE run (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  started_at TEXT NOT NULL,\n"
    "  finished_at TEXT,\n"
    "  status TEXT NOT NULL CHECK (status IN ('running','complete','interrupted','failed')),\n"
    "  message TEXT,\n"
    "  name TEXT NOT NULL,\n"
    "  config_path TEXT NOT NULL,\n"
    "  config_text TEXT NOT NULL,\n"
    "  config_hash TEXT NOT NULL,\n"
    "  seeds TEXT NOT NULL,\n"
    "  order_seed INTEGER NOT NULL,\n"
    "  interleave INTEGER NOT NULL,\n"
    "  baseline TEXT,\n"
    "  git_commit TEXT NOT NULL,\n"
    "  git_dirty INTEGER,\n"
    "  host TEXT NOT NULL,\n"
    "  cpu_model TEXT,\n"
    "  cpu_flags TEXT,\n"
    "  cores INTEGER,\n"
    "  kernel_release TEXT,\n"
    "  compiler TEXT,\n"
    "  cflags TEXT,\n"
    "  blas_library TEXT,\n"
    "  blas_config TEXT,\n"
    "  blas_core TEXT,\n"
    "  blas_coretype_env TEXT,\n"
    "  counters_backend TEXT NOT NULL,\n"
    "  papi_version TEXT,\n"
    "  papi_status TEXT,\n"
    "  ctbench_version TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX run_key ON run(config_hash, git_commit, host);\n"
    "CREATE TABLE workload (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  label TEXT NOT NULL,\n"
    "  source TEXT NOT NULL,\n"
    "  generator TEXT,\n"
    "  n INTEGER NOT NULL,\n"
    "  dim INTEGER NOT NULL,\n"
    "  m INTEGER NOT NULL,\n"
    "  covariance TEXT NOT NULL,\n"
    "  variance REAL NOT NULL,\n"
    "  lengthscale TEXT NOT NULL,\n"
    "  seed INTEGER,\n"
    "  files TEXT,\n"
    "  content_hash TEXT NOT NULL,\n"
    "  UNIQUE (label, content_hash)\n"
    ");\n"
    "CREATE TABLE variant (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  family TEXT NOT NULL,\n"
    "  topology TEXT,\n"
    "  node_order TEXT,\n"
    "  data TEXT,\n"
    "  traversal TEXT,\n"
    "  kernel TEXT,\n"
    "  precision TEXT NOT NULL,\n"
    "  options TEXT NOT NULL,\n"
    "  exact INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE result (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id),\n"
    "  variant_id INTEGER NOT NULL REFERENCES variant(id),\n"
    "  workload_id INTEGER NOT NULL REFERENCES workload(id),\n"
    "  threads INTEGER NOT NULL,\n"
    "  k INTEGER NOT NULL,\n"
    "  nq INTEGER NOT NULL,\n"
    "  predecessor INTEGER NOT NULL,\n"
    "  exclude_self INTEGER NOT NULL,\n"
    "  build TEXT NOT NULL,\n"
    "  verified TEXT NOT NULL CHECK (verified IN ('exact','approximate','failed')),\n"
    "  valid INTEGER NOT NULL,\n"
    "  recall REAL,\n"
    "  verify_queries INTEGER NOT NULL,\n"
    "  exact_queries INTEGER,\n"
    "  max_distance_error REAL,\n"
    "  answer_hash TEXT,\n"
    "  note TEXT,\n"
    "  UNIQUE (run_id, variant_id, workload_id, threads, k, predecessor, exclude_self)\n"
    ");\n"
    "CREATE TABLE measurement (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id),\n"
    "  workload_id INTEGER NOT NULL REFERENCES workload(id),\n"
    "  result_id INTEGER REFERENCES result(id),\n"
    "  variant_id INTEGER REFERENCES variant(id),\n"
    "  threads INTEGER NOT NULL,\n"
    "  phase TEXT NOT NULL CHECK (phase IN ('factor','build','check','lower','warmup','query')),\n"
    "  detail TEXT,\n"
    "  repetition INTEGER NOT NULL,\n"
    "  seq INTEGER,\n"
    "  wall_ns INTEGER NOT NULL,\n"
    "  nq INTEGER,\n"
    "  dist_evals INTEGER,\n"
    "  nodes_visited INTEGER,\n"
    "  heap_ops INTEGER,\n"
    "  v_bytes INTEGER,\n"
    "  verified TEXT,\n"
    "  recall REAL,\n"
    "  valid INTEGER\n"
    ");\n"
    "CREATE INDEX measurement_result ON measurement(result_id);\n"
    "CREATE INDEX measurement_run ON measurement(run_id, phase);\n"
    "CREATE TABLE counter (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id),\n"
    "  result_id INTEGER REFERENCES result(id),\n"
    "  measurement_id INTEGER REFERENCES measurement(id),\n"
    "  event TEXT NOT NULL,\n"
    "  value INTEGER,\n"
    "  source TEXT NOT NULL CHECK (source IN ('papi','simulated','none')),\n"
    "  status TEXT NOT NULL CHECK (status IN ('ok','absent','denied','conflict',"
    "'multiplexed','error')),\n"
    "  reason TEXT\n"
    ");\n"
    "CREATE INDEX counter_result ON counter(result_id);\n";

static const char schema_v2[] =
    "ALTER TABLE counter ADD COLUMN ratio REAL;\n"
    "CREATE TABLE summary (\n"
    "  result_id INTEGER PRIMARY KEY REFERENCES result(id),\n"
    "  reps INTEGER NOT NULL,\n"
    "  median_ns REAL,\n"
    "  q1_ns REAL,\n"
    "  q3_ns REAL,\n"
    "  min_ns REAL,\n"
    "  max_ns REAL,\n"
    "  dist_evals_per_query REAL,\n"
    "  nodes_visited_per_query REAL,\n"
    "  heap_ops_per_query REAL,\n"
    "  v_bytes_per_query REAL\n"
    ");\n"
    "CREATE VIEW v_query_summary AS\n"
    "SELECT r.run_id AS run, v.name AS variant, w.label AS workload, r.threads AS threads,\n"
    "       r.k AS k, r.nq AS nq, r.predecessor AS predecessor, r.exclude_self AS exclude_self,\n"
    "       'query' AS phase, s.reps AS reps, s.median_ns * 1e-9 AS median_s,\n"
    "       (s.q3_ns - s.q1_ns) * 1e-9 AS iqr_s,\n"
    "       CASE WHEN s.median_ns > 0 THEN r.nq / (s.median_ns * 1e-9) END AS qps,\n"
    "       s.dist_evals_per_query AS dist_evals_per_query,\n"
    "       s.nodes_visited_per_query AS nodes_visited_per_query,\n"
    "       s.heap_ops_per_query AS heap_ops_per_query,\n"
    "       s.v_bytes_per_query AS v_bytes_per_query,\n"
    "       r.recall AS recall, r.verified AS verified, r.valid AS valid,\n"
    "       r.id AS result_id, r.variant_id AS variant_id, r.workload_id AS workload_id\n"
    "FROM result r JOIN summary s ON s.result_id = r.id\n"
    "     JOIN variant v ON v.id = r.variant_id JOIN workload w ON w.id = r.workload_id;\n"
    "CREATE VIEW v_speedup AS\n"
    "SELECT q.run AS run, q.variant AS variant, q.workload AS workload, q.threads AS threads,\n"
    "       q.k AS k, q.predecessor AS predecessor, q.exclude_self AS exclude_self,\n"
    "       b.variant AS baseline, b.median_s / q.median_s AS speedup,\n"
    "       q.result_id AS result_id, q.workload_id AS workload_id\n"
    "FROM v_query_summary q JOIN run ON run.id = q.run\n"
    "     JOIN v_query_summary b ON b.run = q.run AND b.variant = run.baseline\n"
    "      AND b.workload_id = q.workload_id AND b.threads = q.threads AND b.k = q.k\n"
    "      AND b.predecessor = q.predecessor AND b.exclude_self = q.exclude_self\n"
    "WHERE q.valid AND b.valid AND q.median_s > 0;\n"
    "CREATE VIEW v_setup AS\n"
    "SELECT m.id AS id, m.run_id AS run, w.label AS workload, m.phase AS phase,\n"
    "       m.detail AS detail,\n"
    "       m.threads AS threads, m.wall_ns * 1e-9 AS seconds\n"
    "FROM measurement m JOIN workload w ON w.id = m.workload_id\n"
    "WHERE m.phase IN ('factor','build','check','lower');\n"
    "CREATE VIEW v_counter_status AS\n"
    "SELECT run_id AS run, event, source, status, reason, count(*) AS rows,\n"
    "       sum(value) AS total\n"
    "FROM counter GROUP BY run_id, event, source, status, reason;\n";

/* Views that read `result` are dropped before it is rebuilt (SQLite checks
 * every view when a table is renamed) and recreated with new columns. */
static const char schema_v3[] =
    "DROP VIEW v_speedup;\n"
    "DROP VIEW v_query_summary;\n"
    "DROP VIEW v_setup;\n"
    "CREATE TABLE result_v3 (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id),\n"
    "  variant_id INTEGER NOT NULL REFERENCES variant(id),\n"
    "  workload_id INTEGER NOT NULL REFERENCES workload(id),\n"
    "  threads INTEGER NOT NULL,\n"
    "  k INTEGER NOT NULL,\n"
    "  nq INTEGER NOT NULL,\n"
    "  predecessor INTEGER NOT NULL,\n"
    "  exclude_self INTEGER NOT NULL,\n"
    "  build TEXT NOT NULL,\n"
    "  verified TEXT NOT NULL CHECK (verified IN ('exact','approximate','failed')),\n"
    "  valid INTEGER NOT NULL,\n"
    "  recall REAL,\n"
    "  verify_queries INTEGER NOT NULL,\n"
    "  exact_queries INTEGER,\n"
    "  max_distance_error REAL,\n"
    "  answer_hash TEXT,\n"
    "  note TEXT,\n"
    "  UNIQUE (run_id, variant_id, workload_id, build, threads, k, predecessor, exclude_self)\n"
    ");\n"
    "INSERT INTO result_v3 (id, run_id, variant_id, workload_id, threads, k, nq, predecessor,\n"
    "  exclude_self, build, verified, valid, recall, verify_queries, exact_queries,\n"
    "  max_distance_error, answer_hash, note)\n"
    "SELECT id, run_id, variant_id, workload_id, threads, k, nq, predecessor, exclude_self,\n"
    "  build, verified, valid, recall, verify_queries, exact_queries, max_distance_error,\n"
    "  answer_hash, note FROM result;\n"
    "DROP TABLE result;\n"
    "ALTER TABLE result_v3 RENAME TO result;\n"
    "ALTER TABLE measurement ADD COLUMN build TEXT;\n"
    "UPDATE measurement SET build = (SELECT min(r.build) FROM result r\n"
    "    WHERE r.run_id = measurement.run_id AND r.workload_id = measurement.workload_id\n"
    "      AND r.build <> 'none (baseline)')\n"
    "  WHERE phase IN ('build','check','lower');\n"
    "UPDATE measurement SET detail = build\n"
    "  WHERE phase IN ('build','check') AND detail IS NULL;\n"
    "CREATE TABLE tree (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id),\n"
    "  workload_id INTEGER NOT NULL REFERENCES workload(id),\n"
    "  build TEXT NOT NULL,\n"
    "  insertion TEXT NOT NULL,\n"
    "  base REAL NOT NULL,\n"
    "  si TEXT NOT NULL CHECK (si IN ('sum','exact')),\n"
    "  batch INTEGER NOT NULL,\n"
    "  threads INTEGER NOT NULL,\n"
    "  build_ns INTEGER NOT NULL,\n"
    "  check_ns INTEGER,\n"
    "  nodes INTEGER NOT NULL,\n"
    "  depth INTEGER NOT NULL,\n"
    "  leaves INTEGER NOT NULL,\n"
    "  internal INTEGER NOT NULL,\n"
    "  max_fanout INTEGER NOT NULL,\n"
    "  mean_fanout REAL NOT NULL,\n"
    "  mean_leaf_depth REAL NOT NULL,\n"
    "  UNIQUE (run_id, workload_id, build)\n"
    ");\n"
    "CREATE VIEW v_query_summary AS\n"
    "SELECT r.run_id AS run, v.name AS variant, w.label AS workload, r.threads AS threads,\n"
    "       r.k AS k, r.nq AS nq, r.predecessor AS predecessor, r.exclude_self AS exclude_self,\n"
    "       'query' AS phase, s.reps AS reps, s.median_ns * 1e-9 AS median_s,\n"
    "       (s.q3_ns - s.q1_ns) * 1e-9 AS iqr_s,\n"
    "       CASE WHEN s.median_ns > 0 THEN r.nq / (s.median_ns * 1e-9) END AS qps,\n"
    "       s.dist_evals_per_query AS dist_evals_per_query,\n"
    "       s.nodes_visited_per_query AS nodes_visited_per_query,\n"
    "       s.heap_ops_per_query AS heap_ops_per_query,\n"
    "       s.v_bytes_per_query AS v_bytes_per_query,\n"
    "       r.recall AS recall, r.verified AS verified, r.valid AS valid,\n"
    "       r.id AS result_id, r.variant_id AS variant_id, r.workload_id AS workload_id,\n"
    "       r.build AS build, w.n AS n\n"
    "FROM result r JOIN summary s ON s.result_id = r.id\n"
    "     JOIN variant v ON v.id = r.variant_id JOIN workload w ON w.id = r.workload_id;\n"
    "CREATE VIEW v_speedup AS\n"
    "SELECT q.run AS run, q.variant AS variant, q.workload AS workload, q.threads AS threads,\n"
    "       q.k AS k, q.predecessor AS predecessor, q.exclude_self AS exclude_self,\n"
    "       b.variant AS baseline, b.median_s / q.median_s AS speedup,\n"
    "       q.result_id AS result_id, q.workload_id AS workload_id, q.build AS build\n"
    "FROM v_query_summary q JOIN run ON run.id = q.run\n"
    "     JOIN v_query_summary b ON b.run = q.run AND b.variant = run.baseline\n"
    "      AND b.workload_id = q.workload_id AND b.threads = q.threads AND b.k = q.k\n"
    "      AND b.predecessor = q.predecessor AND b.exclude_self = q.exclude_self\n"
    "      AND (b.build = q.build OR b.build = 'none (baseline)'\n"
    "           OR (q.build = 'none (baseline)' AND NOT EXISTS (SELECT 1 FROM result o\n"
    "               WHERE o.run_id = q.run AND o.variant_id = b.variant_id\n"
    "                 AND o.workload_id = q.workload_id AND o.threads = q.threads\n"
    "                 AND o.k = q.k AND o.predecessor = q.predecessor\n"
    "                 AND o.exclude_self = q.exclude_self AND o.build <> b.build)))\n"
    "WHERE q.valid AND b.valid AND q.median_s > 0;\n"
    "CREATE VIEW v_setup AS\n"
    "SELECT m.id AS id, m.run_id AS run, w.label AS workload, m.phase AS phase,\n"
    "       m.detail AS detail,\n"
    "       m.threads AS threads, m.wall_ns * 1e-9 AS seconds,\n"
    "       m.build AS build, w.n AS n, m.workload_id AS workload_id\n"
    "FROM measurement m JOIN workload w ON w.id = m.workload_id\n"
    "WHERE m.phase IN ('factor','build','check','lower');\n"
    "CREATE VIEW v_tree AS\n"
    "SELECT t.id AS id, t.run_id AS run, w.label AS workload, w.n AS n, w.seed AS seed,\n"
    "       t.build AS build, t.insertion AS insertion, t.base AS base, t.si AS si,\n"
    "       t.batch AS batch, t.threads AS threads, t.build_ns * 1e-9 AS build_s,\n"
    "       t.check_ns * 1e-9 AS check_s, t.nodes AS nodes, t.depth AS depth,\n"
    "       t.leaves AS leaves, t.internal AS internal, t.max_fanout AS max_fanout,\n"
    "       t.mean_fanout AS mean_fanout, t.mean_leaf_depth AS mean_leaf_depth,\n"
    "       t.workload_id AS workload_id\n"
    "FROM tree t JOIN workload w ON w.id = t.workload_id;\n";

static const char schema_v4[] = "ALTER TABLE run ADD COLUMN writer_host TEXT;\n"
                                "ALTER TABLE run ADD COLUMN writer_boot TEXT;\n"
                                "ALTER TABLE run ADD COLUMN writer_pid INTEGER;\n"
                                "ALTER TABLE run ADD COLUMN writer_start INTEGER;\n"
                                "ALTER TABLE run ADD COLUMN heartbeat_at TEXT;\n"
                                "ALTER TABLE run ADD COLUMN checkout_commit TEXT;\n"
                                "ALTER TABLE run ADD COLUMN checkout_dirty INTEGER;\n";

/* v5's views: v_query_summary gains the batch counters, the noisy samples
 * and the variant's parameters (appended); v_speedup takes the baseline's
 * time from its samples in the same interleaving rounds as the variant's
 * (`paired` = 1), and from all of them only when the rounds differ or the
 * run was sequential (`paired` = 0). */
#define V5_QUERY_SUMMARY                                                                           \
    "CREATE VIEW v_query_summary AS\n"                                                             \
    "SELECT r.run_id AS run, v.name AS variant, w.label AS workload, r.threads AS threads,\n"      \
    "       r.k AS k, r.nq AS nq, r.predecessor AS predecessor, r.exclude_self AS exclude_self,\n" \
    "       'query' AS phase, s.reps AS reps, s.median_ns * 1e-9 AS median_s,\n"                   \
    "       (s.q3_ns - s.q1_ns) * 1e-9 AS iqr_s,\n"                                                \
    "       CASE WHEN s.median_ns > 0 THEN r.nq / (s.median_ns * 1e-9) END AS qps,\n"              \
    "       s.dist_evals_per_query AS dist_evals_per_query,\n"                                     \
    "       s.nodes_visited_per_query AS nodes_visited_per_query,\n"                               \
    "       s.heap_ops_per_query AS heap_ops_per_query,\n"                                         \
    "       s.v_bytes_per_query AS v_bytes_per_query,\n"                                           \
    "       r.recall AS recall, r.verified AS verified, r.valid AS valid,\n"                       \
    "       r.id AS result_id, r.variant_id AS variant_id, r.workload_id AS workload_id,\n"        \
    "       r.build AS build, w.n AS n,\n"                                                         \
    "       s.useful_pairs_per_query AS useful_pairs_per_query,\n"                                 \
    "       s.rows_fetched_per_query AS rows_fetched_per_query,\n"                                 \
    "       s.v_bytes_fetched_per_query AS v_bytes_fetched_per_query,\n"                           \
    "       s.noisy_reps AS noisy_reps, v.params AS params\n"                                      \
    "FROM result r JOIN summary s ON s.result_id = r.id\n"                                         \
    "     JOIN variant v ON v.id = r.variant_id JOIN workload w ON w.id = r.workload_id;\n"
#define V5_PAIRED_BASELINE_NS                                                           \
    "(SELECT median(mb.wall_ns) FROM measurement mb WHERE mb.result_id = b.result_id\n" \
    "   AND mb.phase = 'query' AND mb.round IN (SELECT mq.round FROM measurement mq\n"  \
    "   WHERE mq.result_id = q.result_id AND mq.phase = 'query'))"
#define V5_SPEEDUP                                                                              \
    "CREATE VIEW v_speedup AS\n"                                                                \
    "SELECT run, variant, workload, threads, k, predecessor, exclude_self, baseline,\n"         \
    "       coalesce(paired_ns * 1e-9, baseline_s) / median_s AS speedup,\n"                    \
    "       result_id, workload_id, build, paired_ns IS NOT NULL AS paired,\n"                  \
    "       baseline_result_id\n"                                                               \
    "FROM (SELECT q.run AS run, q.variant AS variant, q.workload AS workload,\n"                \
    "       q.threads AS threads, q.k AS k, q.predecessor AS predecessor,\n"                    \
    "       q.exclude_self AS exclude_self, b.variant AS baseline, b.median_s AS baseline_s,\n" \
    "       q.median_s AS median_s, " V5_PAIRED_BASELINE_NS " AS paired_ns,\n"                  \
    "       q.result_id AS result_id, q.workload_id AS workload_id, q.build AS build,\n"        \
    "       b.result_id AS baseline_result_id\n"                                                \
    "FROM v_query_summary q JOIN run ON run.id = q.run\n"                                       \
    "     JOIN v_query_summary b ON b.run = q.run AND b.variant = run.baseline\n"               \
    "      AND b.workload_id = q.workload_id AND b.threads = q.threads AND b.k = q.k\n"         \
    "      AND b.predecessor = q.predecessor AND b.exclude_self = q.exclude_self\n"             \
    "      AND (b.build = q.build OR b.build = 'none (baseline)'\n"                             \
    "           OR (q.build = 'none (baseline)' AND NOT EXISTS (SELECT 1 FROM result o\n"       \
    "               WHERE o.run_id = q.run AND o.variant_id = b.variant_id\n"                   \
    "                 AND o.workload_id = q.workload_id AND o.threads = q.threads\n"            \
    "                 AND o.k = q.k AND o.predecessor = q.predecessor\n"                        \
    "                 AND o.exclude_self = q.exclude_self AND o.build <> b.build)))\n"          \
    "WHERE q.valid AND b.valid AND q.median_s > 0);\n"

/* issue 13 (v5 block): the checker's warning about a degenerate tree shape
 * (ct_tree_shape_warning: the star of E12), NULL for a healthy tree, also in
 * v_tree. */
#define V5_ISSUE13_TREE_WARNING                                                            \
    "ALTER TABLE tree ADD COLUMN warning TEXT;\n"                                          \
    "DROP VIEW v_tree;\n"                                                                  \
    "CREATE VIEW v_tree AS\n"                                                              \
    "SELECT t.id AS id, t.run_id AS run, w.label AS workload, w.n AS n, w.seed AS seed,\n" \
    "       t.build AS build, t.insertion AS insertion, t.base AS base, t.si AS si,\n"     \
    "       t.batch AS batch, t.threads AS threads, t.build_ns * 1e-9 AS build_s,\n"       \
    "       t.check_ns * 1e-9 AS check_s, t.nodes AS nodes, t.depth AS depth,\n"           \
    "       t.leaves AS leaves, t.internal AS internal, t.max_fanout AS max_fanout,\n"     \
    "       t.mean_fanout AS mean_fanout, t.mean_leaf_depth AS mean_leaf_depth,\n"         \
    "       t.workload_id AS workload_id, t.warning AS warning\n"                          \
    "FROM tree t JOIN workload w ON w.id = t.workload_id;\n"

static const char schema_v5[] =
    "ALTER TABLE run ADD COLUMN machine TEXT;\n"
    "ALTER TABLE run ADD COLUMN machine_id TEXT;\n"
    "ALTER TABLE run ADD COLUMN os TEXT;\n"
    "ALTER TABLE run ADD COLUMN ram_bytes INTEGER;\n"
    "ALTER TABLE run ADD COLUMN cache_l1d INTEGER;\n"
    "ALTER TABLE run ADD COLUMN cache_l2 INTEGER;\n"
    "ALTER TABLE run ADD COLUMN cache_l3 INTEGER;\n"
    "ALTER TABLE run ADD COLUMN smt INTEGER;\n"
    "ALTER TABLE run ADD COLUMN cpu_mhz REAL;\n"
    "ALTER TABLE run ADD COLUMN governor TEXT;\n"
    "ALTER TABLE run ADD COLUMN boost TEXT;\n"
    "ALTER TABLE run ADD COLUMN affinity TEXT;\n"
    "ALTER TABLE run ADD COLUMN omp_env TEXT;\n"
    "ALTER TABLE run ADD COLUMN load_start REAL;\n"
    "ALTER TABLE run ADD COLUMN load_end REAL;\n"
    "ALTER TABLE run ADD COLUMN steal_frac REAL;\n"
    "ALTER TABLE run ADD COLUMN noisy INTEGER;\n"
    "ALTER TABLE run ADD COLUMN noise_note TEXT;\n"
    "ALTER TABLE run ADD COLUMN shard TEXT;\n"
    "ALTER TABLE run ADD COLUMN commit_time TEXT;\n"
    "ALTER TABLE run ADD COLUMN kernel_isa TEXT;\n"
    "ALTER TABLE measurement ADD COLUMN round INTEGER;\n"
    "ALTER TABLE measurement ADD COLUMN cpu_ns INTEGER;\n"
    "ALTER TABLE measurement ADD COLUMN ctx_switches INTEGER;\n"
    "ALTER TABLE measurement ADD COLUMN other_cpu_frac REAL;\n"
    "ALTER TABLE measurement ADD COLUMN steal_frac REAL;\n"
    "ALTER TABLE measurement ADD COLUMN cpu_ticks INTEGER;\n"
    "ALTER TABLE measurement ADD COLUMN other_ticks REAL;\n"
    "ALTER TABLE measurement ADD COLUMN noisy INTEGER;\n"
    "ALTER TABLE measurement ADD COLUMN useful_pairs INTEGER;\n"
    "ALTER TABLE measurement ADD COLUMN rows_fetched INTEGER;\n"
    "ALTER TABLE measurement ADD COLUMN v_bytes_fetched INTEGER;\n"
    "ALTER TABLE summary ADD COLUMN useful_pairs_per_query REAL;\n"
    "ALTER TABLE summary ADD COLUMN rows_fetched_per_query REAL;\n"
    "ALTER TABLE summary ADD COLUMN v_bytes_fetched_per_query REAL;\n"
    "ALTER TABLE summary ADD COLUMN noisy_reps INTEGER;\n"
    "ALTER TABLE variant ADD COLUMN params TEXT NOT NULL DEFAULT '';\n"
    "CREATE TABLE result_extra (\n"
    "  result_id INTEGER NOT NULL REFERENCES result(id),\n"
    "  name TEXT NOT NULL,\n"
    "  value REAL,\n"
    "  text TEXT,\n"
    "  PRIMARY KEY (result_id, name)\n"
    ");\n"
    "CREATE TABLE annotation (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  created_at TEXT NOT NULL,\n"
    "  run_id INTEGER REFERENCES run(id),\n"
    "  git_commit TEXT,\n"
    "  text TEXT NOT NULL,\n"
    "  CHECK (run_id IS NOT NULL OR git_commit IS NOT NULL)\n"
    ");\n"
    "CREATE INDEX run_machine ON run(machine_id, name);\n"
    /* issue 12: the roofline measured in the run (blas_rate.h) */
    "ALTER TABLE run ADD COLUMN dgemm_gflops REAL;\n"
    "ALTER TABLE run ADD COLUMN dgemm_shape TEXT;\n"
    "DROP VIEW v_speedup;\n"
    "DROP VIEW v_query_summary;\n" V5_QUERY_SUMMARY V5_SPEEDUP V5_ISSUE13_TREE_WARNING;

/* issue 14: a run made with --only keeps its glob (NULL for old runs: they
 * predate the column; their note may still say "only the variants matching"). */
static const char schema_v6[] = "ALTER TABLE run ADD COLUMN only_glob TEXT;\n";

/* 1 -> 2: compute the summary of every result stored before it existed.
 * Frozen here in SQL over the version-2 columns (quantiles from the C
 * implementation through the SQL aggregates of sql_functions.c), so that
 * later changes to the summary never change what this step does. */
static const char backfill_v2[] =
    "INSERT OR REPLACE INTO summary (result_id, reps, median_ns, q1_ns, q3_ns, min_ns, max_ns,\n"
    "  dist_evals_per_query, nodes_visited_per_query, heap_ops_per_query, v_bytes_per_query)\n"
    "SELECT m.result_id, count(*), median(m.wall_ns), quantile(m.wall_ns, 0.25),\n"
    "  quantile(m.wall_ns, 0.75), min(m.wall_ns), max(m.wall_ns),\n"
    "  (SELECT f.dist_evals * 1.0 / f.nq FROM measurement f WHERE f.result_id = m.result_id\n"
    "     AND f.phase = 'query' AND f.nq > 0 ORDER BY f.repetition LIMIT 1),\n"
    "  (SELECT f.nodes_visited * 1.0 / f.nq FROM measurement f WHERE f.result_id = m.result_id\n"
    "     AND f.phase = 'query' AND f.nq > 0 ORDER BY f.repetition LIMIT 1),\n"
    "  (SELECT f.heap_ops * 1.0 / f.nq FROM measurement f WHERE f.result_id = m.result_id\n"
    "     AND f.phase = 'query' AND f.nq > 0 ORDER BY f.repetition LIMIT 1),\n"
    "  (SELECT f.v_bytes * 1.0 / f.nq FROM measurement f WHERE f.result_id = m.result_id\n"
    "     AND f.phase = 'query' AND f.nq > 0 ORDER BY f.repetition LIMIT 1)\n"
    "FROM measurement m WHERE m.phase = 'query' AND m.result_id IS NOT NULL\n"
    "GROUP BY m.result_id;\n"
    "INSERT OR IGNORE INTO summary (result_id, reps) SELECT id, 0 FROM result;\n";

static int backfill_summaries(bench_db *db, ct_error *err)
{
    return bench_db_exec(db, backfill_v2, err);
}

static const bench_db_step steps[BENCH_DB_SCHEMA_VERSION] = {
    {schema_v1, NULL, "runs, workloads, variants, results, measurements, counters"},
    {schema_v2, backfill_summaries, "summaries, counter ratio, views"},
    {schema_v3, NULL, "build in the result key, tree shapes, sweep columns in the views"},
    {schema_v4, NULL, "the writer of a run and its heartbeat, the checkout's commit"},
    {schema_v5, NULL,
     "machine identity, noise, rounds, batch counters, parameters, extras, "
     "annotations"},
    {schema_v6, NULL, "the --only glob of a run"},
};

const bench_db_step *bench_schema_steps(int *count)
{
    *count = BENCH_DB_SCHEMA_VERSION;
    return steps;
}
