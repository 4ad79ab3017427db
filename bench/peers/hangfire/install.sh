#!/usr/bin/env bash
# Builds the Hangfire peer (Hangfire.Core + Hangfire.PostgreSql from NuGet). Idempotent; exit 3 when unavailable.
set -u
cd "$(dirname "$0")"
if ! command -v dotnet >/dev/null 2>&1; then echo "hangfire peer: dotnet SDK not found" >&2; exit 3; fi
dll=bin/Release/net10.0/HangfirePeer.dll
if [ -f "$dll" ] && [ "$dll" -nt Program.cs ] && [ "$dll" -nt hangfire.csproj ]; then exit 0; fi
if ! dotnet build -c Release --nologo -v q hangfire.csproj 1>&2; then
  echo "hangfire peer: dotnet build failed (NuGet restore of Hangfire.Core 1.8.25 / Hangfire.PostgreSql 1.21.1?)" >&2
  exit 3
fi
exit 0
