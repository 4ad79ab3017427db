#!/usr/bin/env bash
# Installs Debian's chromium with apt-get when it is missing (JOBS_TEST_CHROMIUM unset): the dashboard's browser tests
# drive it through Playwright; no browser is ever downloaded at run time. Fails loudly when it cannot. Used by test.sh.
set -uo pipefail
browser="${JOBS_TEST_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$browser" ]; then
  if [ -n "${JOBS_TEST_CHROMIUM:-}" ]; then echo "JOBS_TEST_CHROMIUM=$browser is not an executable" >&2; exit 1; fi
  echo "Chromium is missing: installing Debian's chromium package for the dashboard's browser tests" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >&2 \
    || { echo "could not install chromium: the browser tests cannot run" >&2; exit 1; }
  [ -x "$browser" ] || { echo "chromium was installed but $browser is missing" >&2; exit 1; }
fi
exit 0
