#!/usr/bin/env bash
# setup.sh — on a fresh Debian machine: installs what is needed, builds xuncha and
# brings the local stack up (embedded PostgreSQL under var/, xunchad, xuncha-notifier,
# keys, client configurations and the demo round). Stop it with: ops/stack.sh down
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/ops/install-deps.sh"
"$top/ops/build.sh" "$top/build"
"$top/ops/stack.sh" up
