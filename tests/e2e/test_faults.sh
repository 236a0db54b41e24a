#!/usr/bin/env bash
# The fault suite's short version (issue 9; the full one is ops/faults/run.sh with its
# defaults, 20/20/5 kills): under a write load with retries, xunchad SIGKILLed 3 times,
# xuncha-notifier 3 times and PostgreSQL once, at random moments, each restarted; then
# every acknowledged 走访 record is in the database once with the id its reply gave,
# no retried request took effect twice, and every outbox event of the load was
# delivered and acknowledged by its recipient's `xuncha inbox --follow`. The counts are
# printed; ops/faults/run.sh fails on any loss or duplicate.
set -euo pipefail
source_dir=${XUNCHA_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
XUNCHA_BUILD=${XUNCHA_BIN:?the build directory} \
    exec "$source_dir/ops/faults/run.sh" --server-kills 3 --notifier-kills 3 --pg-kills 1 --seconds 20 --writers 2
