#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [TARGET...] -- fuzz every target (or the named
# ones: config npy sim_state variant) for SECONDS each (default 600).
#
# Configures build-fuzz with clang and CT_FUZZ=ON when it has no cache yet,
# builds only the fuzzers (`--target fuzz`), writes the seed corpora into a
# scratch directory (fuzz_seeds + configs/*.ini, tests/data/*.npy and
# tests/fuzz/regressions/<target>/), runs each fuzzer in turn with its
# dictionary, and prints one line per target: executions, executions per
# second and the result.  Crashes, leaks, timeouts and out-of-memory inputs go
# to the findings directory, one folder per target.  Exit 0 when no target
# found anything, 1 when one did, 2 on a setup error.
#
# Environment: CT_FUZZ_BUILD (default ROOT/build-fuzz), CT_FUZZ_FINDINGS
# (default BUILD/fuzz-findings), CT_FUZZ_WORK (scratch; default a fresh
# mktemp directory, removed at the end), CT_FUZZ_JOBS (build jobs, default 2).
set -uo pipefail

seconds=${1:-600}
if [ $# -gt 0 ]; then shift; fi
case $seconds in '' | *[!0-9]*)
    echo "usage: tests/fuzz/run.sh [SECONDS] [TARGET...]" >&2
    exit 2
    ;;
esac
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config npy sim_state variant)

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${CT_FUZZ_BUILD:-$root/build-fuzz}
findings=${CT_FUZZ_FINDINGS:-$build/fuzz-findings}
jobs=${CT_FUZZ_JOBS:-2}
if [ -n "${CT_FUZZ_WORK:-}" ]; then
    work=$CT_FUZZ_WORK
    mkdir -p "$work" || exit 2
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/ctbench-fuzz-XXXXXX") || exit 2
    trap 'rm -rf "$work"' EXIT
fi

fail() {
    echo "run.sh: $*" >&2
    exit 2
}

# ---- build -------------------------------------------------------------------
if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang cmake -S "$root" -B "$build" -DCT_FUZZ=ON -DCMAKE_BUILD_TYPE=Release \
        >"$work/configure.log" 2>&1 || {
        cat "$work/configure.log" >&2
        fail "configuring $build failed"
    }
fi
grep -q '^CT_FUZZ:BOOL=ON' "$build/CMakeCache.txt" || fail "$build is not a CT_FUZZ=ON build"
cmake --build "$build" -j"$jobs" --target fuzz >"$work/build.log" 2>&1 || {
    tail -30 "$work/build.log" >&2
    fail "building the fuzzers failed"
}

# ---- seeds -------------------------------------------------------------------
"$build/tests/fuzz_seeds" "$work/seeds" "$root/tests/data" || fail "fuzz_seeds failed"
for t in "${targets[@]}"; do
    [ -x "$build/tests/fuzz/fuzz_$t" ] || fail "unknown target '$t'"
    corpus=$work/corpus/$t
    mkdir -p "$corpus" "$findings/$t"
    cp "$work/seeds/$t"/* "$corpus"/ 2>/dev/null
    case $t in
    config) cp "$root"/configs/*.ini "$corpus"/ ;;
    npy) cp "$root"/tests/data/*.npy "$corpus"/ ;;
    esac
    if [ -d "$root/tests/fuzz/regressions/$t" ]; then
        cp "$root/tests/fuzz/regressions/$t"/* "$corpus"/ 2>/dev/null
    fi
done

# Longest input per target: a little above its largest useful seed (the
# tests/data .npy files are cut to this, which keeps their headers).
max_len() {
    case $1 in
    config) echo 16384 ;;
    npy) echo 4096 ;;
    sim_state) echo 8192 ;;
    variant) echo 256 ;;
    esac
}

# ---- fuzz --------------------------------------------------------------------
# crash-, leak-, timeout- and oom- inputs in a target's findings folder
count_findings() {
    find "$findings/$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' \
        -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l
}

status=0
printf '%-10s %12s %9s  %s\n' target executions exec/s result
for t in "${targets[@]}"; do
    log=$work/$t.log
    dict=$work/seeds/$t.dict
    dict_arg=()
    [ -f "$dict" ] && dict_arg=(-dict="$dict")
    before=$(count_findings "$t")
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$(max_len "$t")" \
        -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 "${dict_arg[@]}" \
        -artifact_prefix="$findings/$t/" "$work/corpus/$t" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    found=$(($(count_findings "$t") - before))
    if [ "$rc" -eq 0 ] && [ "$found" -eq 0 ]; then
        result=ok
    else
        status=1
        cp "$log" "$findings/$t/fuzz_$t.log"
        result="FOUND (exit $rc, $found new inputs in $findings/$t, log fuzz_$t.log)"
    fi
    printf '%-10s %12s %9s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$result"
done
exit $status
