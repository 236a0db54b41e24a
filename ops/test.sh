#!/usr/bin/env bash
# test.sh — installs what is needed, builds xuncha (-Wall -Wextra -Werror) and runs every
# test: unit, integration (real PostgreSQL) and end-to-end (real binaries over CURVE),
# all under AddressSanitizer + UndefinedBehaviorSanitizer, plus the unit tests of the
# plain build, then a short fuzzing run of every fuzz target (ops/fuzz.sh; 20 s each,
# XUNCHA_FUZZ_SECONDS to change). This is the command CI runs (.ci/run).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/ops/install-deps.sh"
echo "== build (plain)"
"$top/ops/build.sh" "$top/build"
echo "== build (ASan+UBSan)"
"$top/ops/build.sh" "$top/build-asan" -DXUNCHA_SANITIZE=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0
echo "== unit tests (plain build)"
(cd "$top/build" && ctest -L unit --output-on-failure)
echo "== all tests (ASan+UBSan build)"
(cd "$top/build-asan" && ctest -j2 --output-on-failure)
echo "== fuzzing (clang libFuzzer + ASan + UBSan, ${XUNCHA_FUZZ_SECONDS:-20} s per target)"
"$top/ops/fuzz.sh" "${XUNCHA_FUZZ_SECONDS:-20}"
