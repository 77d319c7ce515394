#!/bin/sh
# Runs a command several times in a row with every core kept busy, and stops at the first failure.
# The suite must fail only on real bugs, never because the machine is slow:
#
#   Tests/Scripts/under-load.sh 5 make test
#
# Prints one line per run (its status and wall time) and a summary; exits with the first
# failing run's status. Busy loops: one per core, or BUSY_LOOPS of them.
set -eu

if [ "$#" -lt 2 ]; then
    echo "usage: $0 RUNS command [argument...]" >&2
    exit 2
fi
runs=$1
shift
loops=${BUSY_LOOPS:-$(nproc)}

busy=""
stop_busy() {
    for pid in $busy; do kill "$pid" 2>/dev/null || true; done
}
trap stop_busy EXIT INT TERM
i=0
while [ "$i" -lt "$loops" ]; do
    sh -c 'while :; do :; done' &
    busy="$busy $!"
    i=$((i + 1))
done

run=1
while [ "$run" -le "$runs" ]; do
    start=$(date +%s)
    log=$(mktemp "${TMPDIR:-/tmp}/under-load.XXXXXX")
    status=0
    "$@" >"$log" 2>&1 || status=$?
    echo "run $run/$runs: status $status in $(( $(date +%s) - start )) s with $loops busy loops (log: $log)"
    if [ "$status" -ne 0 ]; then
        grep -E '✘|error:|failed' "$log" | tail -n 20 || true
        exit "$status"
    fi
    rm -f "$log"
    run=$((run + 1))
done
echo "$runs passed, 0 failed: every run passed with $loops busy loops"
