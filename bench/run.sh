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
#   SCENARIO=phases     phases: load by POST, then the POST/filter/GET phases (the table above)
#                       scale:  every issue-5 figure: /Bulk import of USERS users, filter p99 at
#                               10k vs N, GET by id, POST /Users, cursor paging through all users,
#                               32 clients PATCHing one user, silo memory after load and when idle
#   PROVIDER=sqlite     sqlite (embedded store) or postgres: a private PostgreSQL started from the
#                       machine's binaries (as user postgres when run as root) and the silo in
#                       cluster mode on it (Storage__Provider=Postgres)
#   BULK_CONNECTIONS=4  /Bulk requests in flight during the scale import (1,000 operations each)
#   IDLE_WAIT=210       scale: seconds without load before the idle memory reading
#                       (the script sets Orleans__CollectionAge=00:01:30 unless it is set)
# Other settings reach the silo through the environment, e.g. Storage__Synchronous=NORMAL.
# The per-tenant rate limiter is off (RateLimiting__Enabled=false) unless set: it would answer
# the load with 429s at its default 1,000 requests/s.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

USERS=${USERS:-100000}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-32}
LOAD_CONNECTIONS=${LOAD_CONNECTIONS:-64}
READY_TIMEOUT=${READY_TIMEOUT:-120}
SCENARIO=${SCENARIO:-phases}
PROVIDER=${PROVIDER:-sqlite}
BULK_CONNECTIONS=${BULK_CONNECTIONS:-4}
IDLE_WAIT=${IDLE_WAIT:-210}
case "$SCENARIO" in phases|scale) ;; *) echo "SCENARIO must be phases or scale" >&2; exit 2 ;; esac
case "$PROVIDER" in sqlite|postgres) ;; *) echo "PROVIDER must be sqlite or postgres" >&2; exit 2 ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/scim-bench.XXXXXX")
baseline_pid=""
silo_pid=""
pg_root=""
pg_bin=""

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
  if [ -n "$pg_root" ]; then
    as_pg "$pg_bin/pg_ctl" stop -D "$pg_root/data" -m fast -w -t 30 >/dev/null 2>&1 || true
    rm -rf "$pg_root"
  fi
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

# PostgreSQL refuses to run as root: then its tools run as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
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

silo_env=()
if [ "$PROVIDER" = postgres ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin" >&2; exit 1; }
  free_port pg_port
  pg_root=$(mktemp -d "${TMPDIR:-/tmp}/scim-bench-pg.XXXXXX")
  mkdir -p "$pg_root/socket"
  [ "$(id -u)" != 0 ] || chown -R postgres:postgres "$pg_root"
  echo "== Starting PostgreSQL ($pg_bin) on 127.0.0.1:$pg_port (fsync and synchronous_commit on)"
  as_pg "$pg_bin/initdb" -D "$pg_root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; exit 1; }
  as_pg "$pg_bin/pg_ctl" start -D "$pg_root/data" -l "$pg_root/postgres.log" -w -t 60 \
    -o "-p $pg_port -k $pg_root/socket -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=200" >/dev/null \
    || { cat "$pg_root/postgres.log" >&2; exit 1; }
  silo_env+=(Storage__Provider=Postgres Orleans__AdvertisedAddress=127.0.0.1
    "ConnectionStrings__Postgres=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres")
fi
if [ "$SCENARIO" = scale ]; then
  silo_env+=("Orleans__CollectionAge=${Orleans__CollectionAge:-00:01:30}")
fi

echo "== Starting the baseline app on $baseline_url and the silo on $scim_url (silo $silo_port, gateway $gateway_port)"
ASPNETCORE_URLS="$baseline_url" Logging__LogLevel__Default=Warning \
  dotnet bench/ScimOrleans.Bench.Baseline/bin/Release/net10.0/ScimOrleans.Bench.Baseline.dll \
  >"$work/baseline.log" 2>&1 &
baseline_pid=$!

mkdir -p "$work/data"
ASPNETCORE_URLS="$scim_url" Logging__LogLevel__Default=Warning RateLimiting__Enabled="${RateLimiting__Enabled:-false}" \
  Storage__DataDirectory="$work/data" Orleans__SiloPort="$silo_port" Orleans__GatewayPort="$gateway_port" \
  Bootstrap__Tenant="$tenant" Bootstrap__Token="$token" env ${silo_env[@]+"${silo_env[@]}"} \
  dotnet src/ScimOrleans.Silo/bin/Release/net10.0/ScimOrleans.Silo.dll \
  >"$work/silo.log" 2>&1 &
silo_pid=$!

started=$SECONDS
wait_until "the baseline app" "$baseline_pid" "$work/baseline.log" curl -fsS "$baseline_url/ping"
wait_until "the silo" "$silo_pid" "$work/silo.log" \
  curl -fsS -H "Authorization: Bearer $token" "$scim_url/scim/$tenant/v2/Users?count=0"
echo "   both answer after $((SECONDS - started)) s"

echo "== Benchmark ($SCENARIO, $PROVIDER): $USERS users, phases of ${DURATION} s (+${WARMUP} s warm-up) at $CONNECTIONS connections"
status=0
if [ "$SCENARIO" = scale ]; then
  dotnet bench/ScimOrleans.Bench/bin/Release/net10.0/ScimOrleans.Bench.dll scale \
    --baseline "$baseline_url" --scim "$scim_url" --tenant "$tenant" --token "$token" \
    --users "$USERS" --duration "$DURATION" --warmup "$WARMUP" --connections "$CONNECTIONS" \
    --bulk-connections "$BULK_CONNECTIONS" --silo-pid "$silo_pid" --idle-wait "$IDLE_WAIT" \
    --label "store: $PROVIDER" --out "bench/results/scale-$PROVIDER.md" || status=$?
else
  dotnet bench/ScimOrleans.Bench/bin/Release/net10.0/ScimOrleans.Bench.dll all \
    --baseline "$baseline_url" --scim "$scim_url" --tenant "$tenant" --token "$token" \
    --users "$USERS" --duration "$DURATION" --warmup "$WARMUP" \
    --connections "$CONNECTIONS" --load-connections "$LOAD_CONNECTIONS" \
    --out bench/results/latest.md || status=$?
fi

rss() { awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
data_size=$(du -sh "$work/data" | cut -f1)
[ -z "$pg_root" ] || data_size="$data_size (PostgreSQL $(du -sh "$pg_root/data" 2>/dev/null | cut -f1))"
echo "== Peak memory: silo $(rss "$silo_pid"), baseline $(rss "$baseline_pid"); data directory $data_size"
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
