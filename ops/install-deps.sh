#!/usr/bin/env bash
# install-deps.sh — installs what xuncha needs to build, run and test, from Debian's
# packages only. Safe to run again. Uses sudo when not root.
set -euo pipefail
packages=(
    build-essential cmake pkg-config
    libzmq3-dev libczmq-dev
    libprotobuf-c-dev protobuf-c-compiler
    libpq-dev postgresql postgresql-contrib
    libcmocka-dev libsodium-dev
    libsqlite3-dev          # the client's encrypted offline journal (client/journal.h)
    libzip-dev              # the .docx container of exported reports (client/docx.c)
    python3-docx            # tests: an independent reader opens the exported .docx
    procps util-linux jq
    clang libclang-rt-dev   # ops/fuzz.sh: clang and its libFuzzer + sanitizer runtimes (libclang-rt-14-dev)
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all packages present"
    exit 0
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's postgresql package may start a system cluster; xuncha never uses it.
echo "install-deps: done"
