#!/usr/bin/env bash
# The SCIM load benchmark, in one command: builds the silo, the baseline app and the load
# generator in Release, starts the baseline app and the silo on free localhost ports with a
# throw-away data directory, loads USERS users, runs the timed phases and prints the table
# (also written to bench/results/latest.md). Both servers are stopped on exit, however it ends.
#
#   USERS=100000        users to load before the look-up phases
#   DURATION=15         seconds measured per phase
#   WARMUP=3            seconds of unmeasured warm-up before each phase
#   CONNECTIONS=32      concurrent connections during the phases
#   LOAD_CONNECTIONS=64 concurrent connections while loading users
#   READY_TIMEOUT=120   seconds to wait for both servers to answer
#   NO_BUILD=1          run the binaries already in bin/Release (skip the three builds)
# Other settings reach the silo through the environment, e.g. Storage__Synchronous=NORMAL.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

USERS=${USERS:-100000}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-32}
LOAD_CONNECTIONS=${LOAD_CONNECTIONS:-64}
READY_TIMEOUT=${READY_TIMEOUT:-120}

work=$(mktemp -d "${TMPDIR:-/tmp}/scim-bench.XXXXXX")
baseline_pid=""
silo_pid=""

stop() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop "$silo_pid"
  stop "$baseline_pid"
  wait 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port nothing listens on, below the ephemeral range (32768+) so no outgoing connection can
# take it between now and the bind. Starts at a random point so parallel runs rarely collide.
# Sets the variable named by $1 (no subshell, so the ports already handed out are remembered).
taken=" "
free_port() {
  local port=$((20000 + RANDOM % 12000))
  for _ in $(seq 1 200); do
    if [[ "$taken" != *" $port "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken="$taken$port "
      printf -v "$1" '%s' "$port"
      return 0
    fi
    port=$((port + 1))
    [ "$port" -lt 32000 ] || port=20000
  done
  echo "no free port found" >&2
  return 1
}

# Runs after the servers start: fails fast with the server's log when it has died.
wait_until() {
  local name=$1 pid=$2 log=$3
  shift 3
  local deadline=$((SECONDS + READY_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited before answering; its log:" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$name did not answer within ${READY_TIMEOUT} s; its log:" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
}

if [ "${NO_BUILD:-0}" = 1 ]; then
  echo "== Not building (NO_BUILD=1): using the binaries in bin/Release"
else
  echo "== Building (Release)"
  for project in src/ScimOrleans.Silo bench/ScimOrleans.Bench.Baseline bench/ScimOrleans.Bench; do
    dotnet build "$project" -c Release -nologo -v quiet -clp:NoSummary >"$work/build.log" 2>&1 || {
      grep -E 'error|warning' "$work/build.log" | sort -u | head -n 40 >&2
      echo "build of $project failed" >&2
      exit 1
    }
  done
fi

free_port baseline_port
free_port http_port
free_port silo_port
free_port gateway_port
token="bench_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
tenant=bench
baseline_url="http://127.0.0.1:$baseline_port"
scim_url="http://127.0.0.1:$http_port"

echo "== Starting the baseline app on $baseline_url and the silo on $scim_url (silo $silo_port, gateway $gateway_port)"
ASPNETCORE_URLS="$baseline_url" Logging__LogLevel__Default=Warning \
  dotnet bench/ScimOrleans.Bench.Baseline/bin/Release/net10.0/ScimOrleans.Bench.Baseline.dll \
  >"$work/baseline.log" 2>&1 &
baseline_pid=$!

mkdir -p "$work/data"
ASPNETCORE_URLS="$scim_url" Logging__LogLevel__Default=Warning \
  Storage__DataDirectory="$work/data" Orleans__SiloPort="$silo_port" Orleans__GatewayPort="$gateway_port" \
  Bootstrap__Tenant="$tenant" Bootstrap__Token="$token" \
  dotnet src/ScimOrleans.Silo/bin/Release/net10.0/ScimOrleans.Silo.dll \
  >"$work/silo.log" 2>&1 &
silo_pid=$!

started=$SECONDS
wait_until "the baseline app" "$baseline_pid" "$work/baseline.log" curl -fsS "$baseline_url/ping"
wait_until "the silo" "$silo_pid" "$work/silo.log" \
  curl -fsS -H "Authorization: Bearer $token" "$scim_url/scim/$tenant/v2/Users?count=0"
echo "   both answer after $((SECONDS - started)) s"

echo "== Benchmark: $USERS users, phases of ${DURATION} s (+${WARMUP} s warm-up) at $CONNECTIONS connections"
status=0
dotnet bench/ScimOrleans.Bench/bin/Release/net10.0/ScimOrleans.Bench.dll all \
  --baseline "$baseline_url" --scim "$scim_url" --tenant "$tenant" --token "$token" \
  --users "$USERS" --duration "$DURATION" --warmup "$WARMUP" \
  --connections "$CONNECTIONS" --load-connections "$LOAD_CONNECTIONS" \
  --out bench/results/latest.md || status=$?

rss() { awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
echo "== Peak memory: silo $(rss "$silo_pid"), baseline $(rss "$baseline_pid"); data directory $(du -sh "$work/data" | cut -f1)"
for name in silo baseline; do
  if grep -qE '\b(fail|crit|Unhandled)' "$work/$name.log"; then
    echo "== $name logged errors (last lines):"
    grep -E '\b(fail|crit|Unhandled)' -A 3 "$work/$name.log" | tail -n 30
  fi
done
if ! kill -0 "$silo_pid" 2>/dev/null; then
  echo "the silo exited during the run; its log:" >&2
  tail -n 40 "$work/silo.log" >&2
  status=1
fi
exit "$status"
