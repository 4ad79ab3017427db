#!/usr/bin/env bash
# Installs Debian's sqlite3 shell with apt-get when it is missing: the SQLite tests tamper with signed jobs through it,
# as an operator would (tests/Jobs.Sqlite.Tests/SqliteShell.cs). Fails loudly when it cannot. Used by test.sh.
set -uo pipefail
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "sqlite3 is missing: installing Debian's sqlite3 package for the SQLite tamper tests" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q sqlite3 >&2 \
    || { echo "could not install sqlite3: the SQLite tamper tests cannot use the shell" >&2; exit 1; }
fi
exit 0
