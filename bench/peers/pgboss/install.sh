#!/usr/bin/env bash
# Installs the pg-boss peer (see ../node-common/npm-install.sh). Exit 3 = peer unavailable (reason on stderr).
set -euo pipefail
exec "$(dirname "$0")/../node-common/npm-install.sh" "$(cd "$(dirname "$0")" && pwd)" pg-boss
