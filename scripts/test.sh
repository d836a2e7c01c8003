#!/usr/bin/env bash
# The whole test suite, from a fresh clone: restores, builds and runs every test project, then
# prints one closing line "N passed, N failed, N skipped" for the whole suite.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The PostgreSQL store and cluster tests start a private server from the machine's PostgreSQL
# binaries (tests/ScimOrleans.Testing/PostgresServer.cs); they fail, never skip, without them.
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "installing postgresql for the PostgreSQL tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
    || echo "could not install postgresql: the PostgreSQL tests will fail"
fi

# The admin page's browser test (tests/ScimOrleans.Silo.Tests/AdminPage) drives Debian's Chromium.
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium for the admin page test"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || echo "could not install chromium: the admin page test will fail"
fi

# docker-compose.yml is checked with Debian's docker-compose (v1): `config` needs no engine.
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "installing docker-compose to validate docker-compose.yml"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null \
    || echo "could not install docker-compose: the compose validation test will fail"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build ScimOrleans.sln -c Release -warnaserror 2>&1 | tail -n 3
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet test ScimOrleans.sln -c Release --no-build "$@" 2>&1 | tee "$log" \
  | grep -E '^\s*(Failed|Skipped) |^(Passed|Failed)!|Error Message|^\s+at |Total tests|\[FAIL\]' | head -n 400
status=${PIPESTATUS[0]}

# VSTest prints one summary per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12".
passed=$(grep -E '^(Passed|Failed)!' "$log" | grep -Eo 'Passed: +[0-9]+' | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^(Passed|Failed)!' "$log" | grep -Eo 'Failed: +[0-9]+' | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
skipped=$(grep -E '^(Passed|Failed)!' "$log" | grep -Eo 'Skipped: +[0-9]+' | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
projects=$(grep -cE '^(Passed|Failed)!' "$log")
# Every test project, not the shared fixture library tests/ScimOrleans.Testing (it holds no tests).
expected=$(ls tests/*/*.csproj | grep -v '/ScimOrleans.Testing/' | wc -l)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A test host that crashed or a project that reported nothing still fails the run.
  failed=1
fi
if [ "$projects" -lt "$expected" ]; then
  echo "only $projects of $expected test projects reported results"
  [ "$failed" -eq 0 ] && failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
