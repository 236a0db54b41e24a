#!/usr/bin/env bash
# keygen.sh DIR NAME... — CURVE key pairs for a deployment: DIR/NAME.key (public, to
# register or hand out) and DIR/NAME.key_secret (mode 0600, stays with its owner).
# "server" is the server's pair; every other NAME is one user's pair, to be registered
# by the 巡察办 with:  xuncha user add --name … --role … --public-key DIR/NAME.key
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
xuncha=${XUNCHA:-$top/build/xuncha}
dir=${1:?usage: ops/keygen.sh DIR NAME...}
shift
[ $# -gt 0 ] || { echo "usage: ops/keygen.sh DIR NAME..." >&2; exit 2; }
mkdir -p "$dir"
for name in "$@"; do
    if [ -f "$dir/$name.key" ]; then
        echo "keygen: $dir/$name.key exists, kept"
    else
        "$xuncha" keygen "$dir/$name.key" --name "$name"
    fi
done
