#!/usr/bin/env bash
# Runs the Hangfire peer: one JSON line per result on stdout, logs on stderr.
# Tunables (optional): HF_WORKERS (20), HF_POLL_MS (50), HF_LONG_POLLING (0), HF_S_PRODUCERS (8), BENCH_S_WINDOW (5000).
set -u
cd "$(dirname "$0")"
dll=bin/Release/net10.0/HangfirePeer.dll
if [ ! -f "$dll" ]; then ./install.sh || exit $?; fi
exec dotnet "$dll"
