#!/usr/bin/env bash
# End-to-end check of the serverless pipeline on the recorded feed (Velib.Tests/Fixtures/2025-10-18), as a user runs it:
#
#   e2e/run.sh host         # Kafka and Azurite in containers, the two functions on this machine (func start)
#   e2e/run.sh containers   # everything in containers (docker compose up --build)
#
# Needs Docker with Compose v2 and a running daemon, the .NET 10 SDK, python3 and, for `host`, Azure Functions Core
# Tools 4 with the .NET 8 runtime installed beside .NET 10 (docs/functions.md, Prerequisites): it checks them first and
# says in one line each what is missing and how to get it. .github/workflows/e2e.yml runs both modes.
# `host` runs func with the settings of local.settings.recorded.json (the recorded feed, geocoder off), the sample a
# user copies to see the app run without the live API, and only the schedule, stations and deadline of each phase on top.
#
# Each phase runs on a fresh stack (Compose project velib-e2e: its own containers and volumes, not the `velib` ones;
# the ports of docker-compose.yml must be free), with the geocoder off and a tick every 10 s:
#   1. stations 16107,32017: velib-projet-final-data holds, keyed by postcode, 75016 -> 5/1/4 and 93200 -> 9/4/5
#      (total / mechanical / electric bikes);
#   2. stations all: the last value of every postcode equals `velib run --stations all` on the same files, whole JSON
#      objects compared, computedAt aside.
# Every wait is bounded; on exit the script stops what it started and removes the velib-e2e containers and volumes.
# Logs (func, docker compose, what was read back) go to $E2E_LOGS (default: e2e/logs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mode=${1:-}
case "$mode" in
  host | containers) ;;
  *)
    echo "usage: e2e/run.sh host|containers" >&2
    exit 2
    ;;
esac

prerequisites_missing=0

# One line per missing prerequisite, with how to get it; all of them are listed before the script stops.
missing() {
  echo "e2e: missing: $*" >&2
  prerequisites_missing=1
}

check_prerequisites() {
  local bounded=()
  if command -v timeout >/dev/null 2>&1; then
    bounded=(timeout 30)
  else
    missing "timeout (GNU coreutils): sudo apt-get install coreutils; on macOS brew install coreutils and put \$(brew --prefix coreutils)/libexec/gnubin on PATH"
  fi
  if ! command -v docker >/dev/null 2>&1; then
    missing "docker: install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop"
  else
    docker compose version >/dev/null 2>&1 ||
      missing "Docker Compose v2 ('docker compose version' failed): install the docker-compose-plugin package from Docker's apt repository, or Docker Desktop (the Python docker-compose 1.x does not do)"
    ${bounded[@]+"${bounded[@]}"} docker info >/dev/null 2>&1 ||
      missing "a running Docker daemon ('docker info' failed): start it (sudo systemctl start docker, or Docker Desktop) and check that this user may use it (the docker group)"
  fi
  command -v python3 >/dev/null 2>&1 || missing "python3: install Python 3 (e.g. sudo apt-get install python3)"
  grep -q '^10\.' <<<"$(dotnet --list-sdks 2>/dev/null)" ||
    missing "the .NET 10 SDK ('dotnet --list-sdks' lists no 10.x): https://dotnet.microsoft.com/download/dotnet/10.0"
  if [ "$mode" = host ]; then
    if ! command -v func >/dev/null 2>&1; then
      missing "Azure Functions Core Tools 4 (func): npm install --global azure-functions-core-tools@4.15.1 --unsafe-perm true"
    else
      grep -q '^4\.' <<<"$(func --version 2>/dev/null)" ||
        missing "Azure Functions Core Tools 4 ('func --version' printed '$(func --version 2>&1 | head -n 1)'): npm install --global azure-functions-core-tools@4.15.1 --unsafe-perm true"
    fi
    grep -q '^Microsoft\.NETCore\.App 8\.' <<<"$(dotnet --list-runtimes 2>/dev/null)" ||
      missing "the .NET 8 runtime beside .NET 10, without which func start times out (azure-functions-core-tools#5138): install the .NET 8 SDK or runtime, https://dotnet.microsoft.com/download/dotnet/8.0"
    command -v setsid >/dev/null 2>&1 || missing "setsid: install util-linux (e.g. sudo apt-get install util-linux)"
  fi
  [ "$prerequisites_missing" -eq 0 ] || exit 1
}

check_prerequisites

fixtures=Velib.Tests/Fixtures/2025-10-18
recorded_settings=local.settings.recorded.json
logs=${E2E_LOGS:-e2e/logs}
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)
schedule='*/10 * * * * *'
func_pid=

compose() {
  docker compose -p velib-e2e -f docker-compose.yml -f e2e/compose.e2e.yml "$@"
}

say() {
  echo "e2e: $*"
}

fail() {
  echo "e2e: FAILED: $*" >&2
  exit 1
}

stop_func() {
  if [ -n "$func_pid" ]; then
    # func runs in its own session (setsid): end it and the worker it started, as one process group.
    kill -- "-$func_pid" 2>/dev/null || true
    wait "$func_pid" 2>/dev/null || true
    func_pid=
  fi
}

cleanup() {
  stop_func
  compose logs --no-color --timestamps >"$logs/compose.log" 2>&1 || true
  compose down -v --remove-orphans >/dev/null 2>&1 || true
}
trap cleanup EXIT

# Starts the stack of a phase: every service in `containers` mode, the infrastructure only in `host` mode.
start_stack() {
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  if [ "$mode" = containers ]; then
    compose up -d --build
  else
    compose up -d kafka kafka-init azurite
  fi
  local init code
  init=$(compose ps -a -q kafka-init)
  [ -n "$init" ] || fail "kafka-init was not created"
  code=$(timeout 180 docker wait "$init") || fail "the topics were not created within 180 s"
  [ "$code" = 0 ] || fail "kafka-init exited with $code (see $logs/compose.log)"
}

# Runs the functions on this machine with the recorded-feed sample's settings and those of a phase ($1: the stations).
start_func() {
  [ -f Velib.Functions/local.settings.json ] || cp "$recorded_settings" Velib.Functions/local.settings.json
  local values line settings=()
  values=$(python3 -c 'import json, sys; print("\n".join(f"{k}={v}" for k, v in json.load(open(sys.argv[1]))["Values"].items()))' "$recorded_settings") ||
    fail "cannot read $recorded_settings"
  while IFS= read -r line; do settings+=("$line"); done <<<"$values"
  # Core Tools keeps an environment variable over the same key of local.settings.json, and env the last of two
  # assignments: the sample's settings win over a local.settings.json, and this phase's over the sample's.
  (
    cd Velib.Functions
    exec env "${settings[@]}" \
      KafkaSecurity=Plaintext \
      VelibSchedule="$schedule" \
      Velib__Stations="$1" \
      Velib__TickDeadline=00:00:08 \
      setsid func start
  ) >"$logs/func-$2.log" 2>&1 &
  func_pid=$!
}

# Prints the totals topic as key<TAB>value lines, oldest first (bounded: idle 5 s ends it, 60 s at most).
read_totals() {
  timeout 60 docker compose -p velib-e2e -f docker-compose.yml -f e2e/compose.e2e.yml exec -T kafka \
    /opt/kafka/bin/kafka-console-consumer.sh \
    --bootstrap-server kafka:19092 --topic velib-projet-final-data --from-beginning --timeout-ms 5000 \
    --property print.key=true --property key.separator="$(printf '\t')" 2>/dev/null || true
}

# Polls the totals topic until compare_totals.py accepts it ($1: seconds allowed, $2: phase, then its options).
await_totals() {
  local limit=$1 phase=$2
  shift 2
  local deadline=$((SECONDS + limit))
  while :; do
    read_totals >"$logs/totals-$phase.tsv"
    if python3 e2e/compare_totals.py "$logs/totals-$phase.tsv" "$@" >"$logs/compare-$phase.txt" 2>&1; then
      say "$phase: $(cat "$logs/compare-$phase.txt")"
      return 0
    fi
    if [ -n "$func_pid" ] && ! kill -0 "$func_pid" 2>/dev/null; then
      cat "$logs/compare-$phase.txt"
      fail "$phase: func exited (see $logs/func-$phase.log)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      cat "$logs/compare-$phase.txt"
      fail "$phase: the totals were not as expected within $limit s"
    fi
    sleep 10
  done
}

run_phase() {
  local phase=$1 stations=$2
  shift 2
  say "$phase: stations $stations, $mode mode"
  if [ "$mode" = containers ]; then
    export VELIB_STATIONS=$stations VELIB_SCHEDULE=$schedule VELIB_GEOCODER_ENABLED=false
    start_stack
  else
    start_stack
    start_func "$stations" "$phase"
  fi
  # The first tick waits for func to build and start (host) or for the image build (containers): allow 10 minutes.
  await_totals 600 "$phase" "$@"
  stop_func
}

say "expected totals: velib run --stations all on $fixtures"
dotnet run --project Velib.Cli -c Release -- run --stations all --geocoder off \
  --status "$fixtures/station_status.json" --information "$fixtures/station_information.json" \
  >"$logs/expected-all.jsonl" 2>"$logs/expected-all.err" || fail "velib run failed (see $logs/expected-all.err)"

run_phase two-stations 16107,32017 --bikes 75016=5/1/4 --bikes 93200=9/4/5
run_phase all-stations all --equal "$logs/expected-all.jsonl"
say "passed ($mode mode)"
