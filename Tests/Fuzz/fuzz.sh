#!/bin/sh
# Fuzzes every parser of outside input with libFuzzer, each target for SECONDS (default 600),
# and prints one line per target: executions, corpus size and the result. Any crash, property
# failure or input slower than 10 s is a failure; its input is kept under the work directory.
#
#   Tests/Fuzz/fuzz.sh                   # 10 minutes per target (the full run)
#   Tests/Fuzz/fuzz.sh 10                # CI's short pass: 10 s per target
#   Tests/Fuzz/fuzz.sh 600 ini printable # some targets only
#   FUZZ_UPDATE_CORPUS=1 Tests/Fuzz/fuzz.sh   # merge what was found into Tests/Fuzz/Corpus
#   FUZZ_SEED=1 Tests/Fuzz/fuzz.sh 10    # the same inputs every run (make test's pass): from the
#                                        # committed corpus only, hashing made deterministic
#
# Where the toolchain cannot build with -sanitize=fuzzer, the same properties run as a seeded
# random harness instead (FuzzCorpusReplayTests with ADO_FUZZ_MUTATIONS).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-600}
[ "$#" -gt 0 ] && shift
all="ini organization-url connection-data token-input organization-list credential-key printable devops-config azure-profile terminal-input"
targets=${*:-$all}
work=${FUZZ_WORK:-$root/.build-fuzz-work}
swift=${SWIFT:-swift}

mkdir -p "$work"
build_log="$work/build.log"
scratch=${FUZZ_SCRATCH:-$root/.build-fuzz}

# Can this toolchain link a libFuzzer binary at all?
probe="$work/probe"
mkdir -p "$probe"
echo '@_cdecl("LLVMFuzzerTestOneInput") public func f(_ d: UnsafePointer<UInt8>?, _ n: Int) -> Int32 { 0 }' >"$probe/probe.swift"
if ! "${SWIFTC:-swiftc}" -sanitize=fuzzer -parse-as-library "$probe/probe.swift" -o "$probe/probe" >"$build_log" 2>&1; then
    echo "fuzz.sh: this toolchain cannot build libFuzzer targets (see $build_log);" >&2
    echo "fuzz.sh: running the seeded random harness instead." >&2
    mutations=$((seconds * 2000))
    cd "$root"
    ADO_FUZZ_MUTATIONS=$mutations "$swift" test --filter FuzzCorpusReplayTests
    echo "seeded harness: $mutations mutations per target, no failure"
    exit 0
fi

# The checks and the core, instrumented, as one shared library that exports libFuzzer's
# callbacks; then libFuzzer's main linked against it (see Package.swift for why).
if ! "$swift" build --package-path "$here" --scratch-path "$scratch" -c release --product FuzzChecks \
    -Xswiftc -sanitize=fuzzer -Xswiftc -enable-testing >"$build_log" 2>&1; then
    echo "fuzz.sh: building the fuzz targets failed:" >&2
    grep -E 'error' "$build_log" >&2 || tail -n 20 "$build_log" >&2
    exit 1
fi
libraries="$scratch/release"
binary="$libraries/ado-fuzz"
"${SWIFTC:-swiftc}" -O -sanitize=fuzzer -parse-as-library "$here/Driver/Driver.swift" -L "$libraries" -lFuzzChecks \
    -Xlinker -rpath -Xlinker "$libraries" -o "$binary" >>"$build_log" 2>&1 || {
    echo "fuzz.sh: linking the fuzzer failed (see $build_log)" >&2
    exit 1
}
# Let libFuzzer, not Swift's backtracer, handle a trap, so that it saves the input.
export SWIFT_BACKTRACE=enable=no
# A seeded pass repeats itself: libFuzzer's mutations come from the seed, Swift's hashing (which
# changes coverage from run to run) is fixed, and what earlier runs found is not read.
seed_option=
if [ -n "${FUZZ_SEED:-}" ]; then
    seed_option="-seed=$FUZZ_SEED"
    export SWIFT_DETERMINISTIC_HASHING=1
    rm -rf "$work/corpus"
fi

failures=0
total=0
printf '%-18s %8s %14s %10s %s\n' target seconds executions corpus result
for target in $targets; do
    seeds="$here/Corpus/$target"
    found="$work/corpus/$target"
    artifacts="$work/artifacts/$target/"
    log="$work/$target.log"
    mkdir -p "$found" "$artifacts"
    status=0
    # New inputs go to the work directory; the committed corpus is only read.
    ADO_FUZZ_TARGET=$target "$binary" $seed_option -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "$found" "$seeds" >"$log" 2>&1 || status=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    executions=${executions:-0}
    corpus=$(ls "$found" "$seeds" | grep -vc ':$' || true)
    if [ "$status" -eq 0 ]; then
        result=ok
    else
        result="FAILED (status $status; see $log and $artifacts)"
        failures=$((failures + 1))
    fi
    total=$((total + executions))
    printf '%-18s %8s %14s %10s %s\n' "$target" "$seconds" "$executions" "$corpus" "$result"
    if [ "${FUZZ_UPDATE_CORPUS:-0}" = 1 ] && [ "$status" -eq 0 ]; then
        # Keep the committed corpus small: only inputs that add coverage.
        ADO_FUZZ_TARGET=$target "$binary" -merge=1 "$seeds" "$found" >>"$log" 2>&1
    fi
done
echo "total executions: $total; failures: $failures"
[ "$failures" -eq 0 ]
