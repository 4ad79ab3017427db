#!/usr/bin/env bash
# Installs a Node peer: npm ci from its pinned package-lock.json, in the folder given (the peer's). Usage:
# npm-install.sh DIR PACKAGE. Idempotent: returns at once
# when node_modules matches the lock. Exit 3 = peer unavailable (reason on stderr).
set -euo pipefail
cd "$1"; package="$2"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "$package peer unavailable: node and npm are required (Node 20 or newer)" >&2
  exit 3
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "$package peer unavailable: Node $(node -v) is too old (20 or newer needed)" >&2
  exit 3
fi
stamp=node_modules/.bench-lock.sha256
want=$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f node_modules/$package/package.json ]; then
  exit 0
fi
echo "installing $package (npm ci)..." >&2
# The packages declare engines node >= 22; they run on Node 20, so npm's EBADENGINE warnings are expected.
if ! npm ci --no-audit --no-fund --loglevel=error >&2; then
  echo "$package peer unavailable: npm ci failed" >&2
  exit 3
fi
echo "$want" > "$stamp"
