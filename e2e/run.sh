#!/usr/bin/env bash
# End-to-end check of the serverless pipeline on the recorded feed (Velib.Tests/Fixtures/2025-10-18), as a user runs it:
#
#   e2e/run.sh host         # Kafka and Azurite in containers, the two functions on this machine (func start)
#   e2e/run.sh containers   # everything in containers (docker compose up --build)
#
# Needs Docker with Compose v2, the .NET 10 SDK, python3 and, for `host`, Azure Functions Core Tools 4 with the .NET 8
# runtime installed beside .NET 10 (docs/functions.md, Prerequisites). .github/workflows/e2e.yml runs both modes.
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

fixtures=Velib.Tests/Fixtures/2025-10-18
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

# Runs the functions on this machine with the settings of a phase ($1: the stations).
start_func() {
  [ -f Velib.Functions/local.settings.json ] || cp local.settings.sample.json Velib.Functions/local.settings.json
  # Core Tools keeps an environment variable over the same key of local.settings.json, so these win.
  (
    cd Velib.Functions
    exec env \
      KafkaSecurity=Plaintext \
      AzureWebJobsStorage=UseDevelopmentStorage=true \
      FUNCTIONS_WORKER_RUNTIME=dotnet-isolated \
      BrokerList=localhost:9092 \
      VelibStationsTopic=velib-projet \
      VelibTotalsTopic=velib-projet-final-data \
      VelibConsumerGroup=velib-aggregator \
      VelibSchedule="$schedule" \
      Velib__Stations="$1" \
      Velib__StatusLocation="$PWD/../$fixtures/station_status.json" \
      Velib__InformationLocation="$PWD/../$fixtures/station_information.json" \
      Velib__Geocoder__Enabled=false \
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

command -v docker >/dev/null || fail "docker is required"
command -v python3 >/dev/null || fail "python3 is required"
if [ "$mode" = host ]; then
  command -v func >/dev/null || fail "Azure Functions Core Tools (func) are required for host mode"
  command -v setsid >/dev/null || fail "setsid (util-linux) is required for host mode"
fi

say "expected totals: velib run --stations all on $fixtures"
dotnet run --project Velib.Cli -c Release -- run --stations all --geocoder off \
  --status "$fixtures/station_status.json" --information "$fixtures/station_information.json" \
  >"$logs/expected-all.jsonl" 2>"$logs/expected-all.err" || fail "velib run failed (see $logs/expected-all.err)"

run_phase two-stations 16107,32017 --bikes 75016=5/1/4 --bikes 93200=9/4/5
run_phase all-stations all --equal "$logs/expected-all.jsonl"
say "passed ($mode mode)"
