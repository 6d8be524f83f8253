#!/usr/bin/env bash
# slurm_shards.sh CTBENCH SOURCE_DIR -- a one-node Slurm cluster (Debian
# slurm-wlm + munge) started here, on its own ports and state directory, runs
# a small config as a job array of 3 shards (.ci/shard-slurm.sbatch); merged,
# the shards must hold exactly the units of an unsharded run.  Exit 0 pass,
# 1 fail, 77 skipped (with the reason) where Slurm cannot start: no
# slurmctld/slurmd/munged/sbatch, or not root (slurmd runs jobs as root here).
set -uo pipefail
bench=$1 src=$2
skip() { echo "skipped: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
for c in slurmctld slurmd munged sbatch squeue sinfo scontrol sqlite3; do
  command -v "$c" >/dev/null || skip "$c is not installed (apt-get install slurm-wlm munge)"
done
[ "$(id -u)" = 0 ] || skip "a one-node Slurm needs root here (slurmd runs the jobs)"
work=$(mktemp -d "${TMPDIR:-/tmp}/ctbench-slurm-XXXXXX")
ctld_pid="" d_pid=""
cleanup() {
  [ -n "$ctld_pid" ] && kill "$ctld_pid" 2>/dev/null
  [ -n "$d_pid" ] && kill "$d_pid" 2>/dev/null
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT
# munge: the host's daemon if it runs, else one started with the host's key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  [ -s /etc/munge/munge.key ] || mungekey -c >/dev/null 2>&1 ||
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
  chown munge:munge /etc/munge/munge.key 2>/dev/null
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge && chown munge:munge /run/munge
  su -s /bin/sh munge -c /usr/sbin/munged >/dev/null 2>&1 || skip "munged does not start"
  sleep 1
  munge -n | unmunge >/dev/null 2>&1 || skip "munge does not authenticate"
fi
host=$(hostname -s)
cpus=$(nproc)
mem=$(($(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 / 2))
port=$((20000 + $$ % 20000))
mkdir -p "$work/state" "$work/spool" "$work/out"
cat >"$work/slurm.conf" <<CONF
ClusterName=ctbenchtest
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -D >"$work/ctld.out" 2>&1 & ctld_pid=$!
slurmd -D >"$work/d.out" 2>&1 & d_pid=$!
for _ in $(seq 1 30); do
  sinfo -h -o %t 2>/dev/null | grep -q idle && break
  sleep 1
done
sinfo -h -o %t 2>/dev/null | grep -q idle ||
  skip "the one-node cluster did not come up: $(tail -n 2 "$work/slurmctld.log" "$work/slurmd.log" 2>/dev/null | tr '\n' ' ')"
cat >"$work/shards.ini" <<'INI'
[experiment]
name = slurmshards
seeds = 1,2
repetitions = 1
warmup = 0
threads = 1
[workload]
generator = uniform
n = 512,1024,2048
dim = 2
m = 16
[build]
insertion = natural
[variants]
variants = csr.bfs.cached.heap.auto.f64
baselines = brute_blas
[query]
k = 5
queries = 32
[counters]
backend = none
INI
cd "$work" || exit 1
job=$(CTBENCH=$bench sbatch --parsable --export=ALL --array=1-3 \
  "$src/.ci/shard-slurm.sbatch" "$work/shards.ini" "$work/out") || fail "sbatch refused the job array"
for _ in $(seq 1 180); do
  [ "$(squeue -h -j "$job" 2>/dev/null | wc -l)" = 0 ] && break
  sleep 1
done
[ "$(squeue -h -j "$job" 2>/dev/null | wc -l)" = 0 ] || fail "job array $job still queued after 3 minutes"
for i in 1 2 3; do
  [ -s "out/shard-$i.db" ] || fail "task $i wrote no database: $(cat ctbench-"${job}"_"$i".out 2>/dev/null | tail -n 3)"
done
"$bench" merge out/all.db out/shard-1.db out/shard-2.db out/shard-3.db >/dev/null || fail "merge failed"
"$bench" run shards.ini --db whole.db --progress none >/dev/null || fail "the unsharded run failed"
keys="SELECT v.name, w.label, r.build, r.threads, r.k FROM result r JOIN variant v ON v.id = r.variant_id JOIN workload w ON w.id = r.workload_id"
diff <(sqlite3 out/all.db "$keys ORDER BY 1, 2, 3, 4, 5") <(sqlite3 whole.db "$keys ORDER BY 1, 2, 3, 4, 5") ||
  fail "the job array's units differ from the unsharded run's"
n=$(sqlite3 out/all.db "SELECT count(*) FROM result")
shards=$(sqlite3 out/all.db "SELECT group_concat(shard, ' ') FROM (SELECT shard FROM run ORDER BY shard)")
[ "$n" = 12 ] || fail "$n units, not 6 workloads x 2"
[ "$shards" = "1/3 2/3 3/3" ] || fail "shards recorded: '$shards'"
echo "slurm job array $job: 3 shards, $n units merged = the unsharded run, shards $shards"
