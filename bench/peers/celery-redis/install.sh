#!/usr/bin/env bash
exec "$(dirname "$0")/../celery/install.sh"
