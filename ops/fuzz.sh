#!/usr/bin/env bash
# fuzz.sh [SECONDS] — builds the libFuzzer targets of tests/fuzz with clang (libFuzzer,
# ASan and UBSan, every file of the project instrumented) in build-fuzz/, runs each for
# SECONDS (default 30) from its seed corpus (checked in, and made afresh by fuzz_seeds
# from today's proto) and its regression inputs, and prints each target's executions.
# Fails when a target crashes, leaks, times out or breaks one of its checks; the input
# that did it is kept as build-fuzz/artifacts/<target>-crash-… (add it to
# tests/fuzz/regressions/<target>/ with the fix).
#
#   XUNCHA_FUZZ_BUILD=DIR        build in DIR instead of build-fuzz/
#   XUNCHA_FUZZ_TARGETS="a b"    only these targets (request notifier reply parsers)
#   XUNCHA_FUZZ_CORPUS=DIR       keep what the runs find in DIR/<target>/ and start the
#                                next run from it (a long campaign in several runs);
#                                default: a temporary directory, removed afterwards
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
build=${XUNCHA_FUZZ_BUILD:-$top/build-fuzz}
targets=${XUNCHA_FUZZ_TARGETS:-request notifier reply parsers}
corpus=${XUNCHA_FUZZ_CORPUS:-}
case "$seconds" in ''|*[!0-9]*) echo "usage: ops/fuzz.sh [SECONDS]" >&2; exit 2 ;; esac

echo "== build (clang, libFuzzer + ASan + UBSan) in $build"
CC=clang cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXUNCHA_FUZZ=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_seeds $(printf 'fuzz_%s ' $targets) >/dev/null

if [ -z "$corpus" ]; then
    corpus=$(mktemp -d /tmp/xuncha-fuzz-XXXXXX)
    trap 'rm -rf "$corpus"' EXIT
fi
mkdir -p "$build/artifacts"
# fresh seeds from today's proto too: the checked-in corpus may predate a request kind
"$build/tests/fuzz/fuzz_seeds" "$corpus/seeds" >/dev/null
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# run TARGET: fuzzes it for $seconds; prints its line; returns non-zero when it failed
run() {
    local target=$1 rc=0 executions
    local log="$build/artifacts/$target.log"
    local inputs=("$top/tests/fuzz/corpus/$target" "$corpus/seeds/$target")
    [ -d "$top/tests/fuzz/regressions/$target" ] && inputs+=("$top/tests/fuzz/regressions/$target")
    local options=(-max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
                   -artifact_prefix="$build/artifacts/$target-")
    [ -f "$top/tests/fuzz/$target.dict" ] && options+=(-dict="$top/tests/fuzz/$target.dict")
    mkdir -p "$corpus/$target"
    "$build/tests/fuzz/fuzz_$target" "${options[@]}" "$corpus/$target" "${inputs[@]}" >"$log" 2>&1 || rc=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    printf '%-9s %12s executions in %s s, corpus %s inputs%s\n' "$target" "${executions:-?}" "$seconds" \
        "$(find "$corpus/$target" -type f | wc -l)" "$([ "$rc" = 0 ] || echo " — FAILED (exit $rc)")"
    if [ "$rc" != 0 ]; then
        grep -E 'ERROR|SUMMARY|fuzz check failed|Test unit written|artifact' "$log" | head -n 20 | sed 's/^/    /'
        echo "    (whole log: $log)"
    fi
    return "$rc"
}

echo "== fuzzing each target for $seconds s"
failed=0
for target in $targets; do
    run "$target" || failed=1
done
[ "$failed" = 0 ] && echo "fuzz: no crash" || echo "fuzz: a target FAILED (see above)"
exit "$failed"
