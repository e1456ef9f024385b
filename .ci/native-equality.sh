#!/usr/bin/env bash
# The native `velib` (Native AOT) behaves as the JIT build of the same tree: for every case below, both print the
# same stdout and stderr and exit with the same code. Masked before comparing: `computedAt` (the clock) and the
# timing line of `--repeat`. The cases: every recorded feed pair in Velib.Tests/Fixtures with `run` and `snapshot`
# (default stations and `--stations all`) and `map` (HTML and GeoJSON), `aggregate` fed in several batches from
# snapshot output (file and standard input), a custom postcode table and postcode overrides, the feeds and the
# geocoder over HTTP (the fixtures served on 127.0.0.1 by .ci/fixture_server.py: a successful read, a geocoder answer,
# HTTP 404 and 500), and error paths (missing, malformed, empty, swapped or directory feed, bad options and settings,
# unknown command, a refused loopback URL), stdout as a pipe, one closed after a line, /dev/full, stderr closed, and a
# libc.so planted beside the native velib. Error texts are compared, never written here: they belong to the CLI.
# Not compared: VELIB_DEBUG=1's stack traces (native frames show code offsets, no parameter names or line numbers).
#
# usage: .ci/native-equality.sh NATIVE_VELIB JIT_VELIB_DLL
#   e.g., after `dotnet publish Velib.Cli -c Release -o out` and `dotnet build Velib.Cli -c Release`:
#   .ci/native-equality.sh out/velib Velib.Cli/bin/Release/net10.0/velib.dll
# Prints one line per case and a closing "native equality: N cases, N differ"; exits 1 if any case differs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ $# -ne 2 ]; then
  echo "usage: .ci/native-equality.sh NATIVE_VELIB JIT_VELIB_DLL" >&2
  exit 2
fi
[ -x "$1" ] || { echo "native-equality: $1: no native velib there (dotnet publish Velib.Cli -c Release -o out)" >&2; exit 2; }
[ -f "$2" ] || { echo "native-equality: $2: no JIT velib.dll there (dotnet build Velib.Cli -c Release)" >&2; exit 2; }
native=$1
jit_dll=$2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

recorded=Velib.Tests/Fixtures/2025-10-18
status=$recorded/station_status.json
information=$recorded/station_information.json
# The 2023-12-05 folder holds an information document only: paired with the 2025 status, stations opened or closed
# in between are missing from one side.
information_2023=Velib.Tests/Fixtures/2023-12-05/station_information.json

cases=0
differ=0

# Only a timestamp as the CLI writes it is masked: one of another shape in either build is a difference.
mask() {
  sed -E -e 's/"computedAt":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?Z"/"computedAt":"…"/g' \
    -e 's/(median of [0-9]+ passes: )[0-9.]+ ms/\1… ms/' "$1"
}

# check NAME STDIN [KEY=VALUE…] -- ARG…: runs both builds with that input, environment and arguments. STDIN is a file,
# or one of: "closed" (stdin and stdout closed: each runtime fills the descriptors its own way), "pipe" (stdout a pipe
# to cat: the CLI writes a pipe through its descriptor, a file through the console stream), "head" (a pipe that
# `head -n 1` closes after one line: the exit code is velib's, 141 when the pipe broke), "full" (stdout /dev/full),
# "no-stderr" (stderr closed).
check() {
  local name=$1 stdin=$2 settings=() build
  shift 2
  while [ "$1" != -- ]; do
    settings+=("$1")
    shift
  done
  shift
  for build in native jit; do
    local command=("$native")
    [ "$build" = native ] || command=(dotnet "$jit_dll")
    local code
    : >"$work/$build.stdout"
    : >"$work/$build.stderr"
    set +e
    case $stdin in
      closed) env "${settings[@]}" "${command[@]}" "$@" <&- >&- 2>"$work/$build.stderr"; code=$? ;;
      pipe) env "${settings[@]}" "${command[@]}" "$@" </dev/null 2>"$work/$build.stderr" | cat >"$work/$build.stdout"; code=${PIPESTATUS[0]} ;;
      head) env "${settings[@]}" "${command[@]}" "$@" </dev/null 2>"$work/$build.stderr" | head -n 1 >"$work/$build.stdout"; code=${PIPESTATUS[0]} ;;
      full) env "${settings[@]}" "${command[@]}" "$@" </dev/null >/dev/full 2>"$work/$build.stderr"; code=$? ;;
      no-stderr) env "${settings[@]}" "${command[@]}" "$@" </dev/null >"$work/$build.stdout" 2>&-; code=$? ;;
      *) env "${settings[@]}" "${command[@]}" "$@" <"$stdin" >"$work/$build.stdout" 2>"$work/$build.stderr"; code=$? ;;
    esac
    echo "exit $code" >"$work/$build.exit"
    set -e
    mask "$work/$build.stdout" >"$work/$build.out"
    mask "$work/$build.stderr" >>"$work/$build.exit"
  done
  cases=$((cases + 1))
  # The JIT build's output is kept for the cases that feed another (aggregate's input).
  cp "$work/jit.stdout" "$work/last.stdout"
  if cmp -s "$work/native.out" "$work/jit.out" && cmp -s "$work/native.exit" "$work/jit.exit"; then
    echo "same: $name ($(head -n 1 "$work/native.exit"), $(wc -l <"$work/native.out") lines)"
  else
    differ=$((differ + 1))
    echo "DIFFERENT: $name"
    diff -u --label jit --label native "$work/jit.out" "$work/native.out" | head -n 40 || true
    diff -u --label jit --label native "$work/jit.exit" "$work/native.exit" | head -n 40 || true
  fi
}

none=/dev/null
offline=(--geocoder off)

# Every recorded pair, both commands, both selections.
for pair in 2025-10-18 "2025-10-18 status, 2023-12-05 information"; do
  info=$information
  [ "$pair" = 2025-10-18 ] || info=$information_2023
  for command in run snapshot; do
    check "$command, $pair, default stations" $none -- $command --status "$status" --information "$info" "${offline[@]}"
    check "$command, $pair, all" $none -- $command --stations all --status "$status" --information "$info" "${offline[@]}"
  done
  check "snapshot, $pair, a station absent from the feed" $none -- snapshot --stations 16107,99999 --status "$status" --information "$info" "${offline[@]}"
  check "map, $pair (HTML, all)" $none -- map --status "$status" --information "$info" "${offline[@]}"
  check "map --format geojson, $pair (all)" $none -- map --format geojson --status "$status" --information "$info" "${offline[@]}"
done
check "run --repeat 3 (timing masked)" $none -- run --repeat 3 --status "$status" --information "$information" "${offline[@]}"
check "run, status as /dev/stdin (a link to the file)" "$status" -- run --status /dev/stdin --information "$information" "${offline[@]}"

# aggregate in several batches: the whole network, the same tick again, then a later tick of the two default
# stations with one bad line, each batch ended by an empty line.
batches=$work/batches.jsonl
check "snapshot for aggregate" $none -- snapshot --stations all --status "$status" --information "$information" "${offline[@]}"
{ cat "$work/last.stdout"; echo; cat "$work/last.stdout"; echo; } >"$batches"
check "snapshot for aggregate, later tick" $none -- snapshot --status "$status" --information "$information" "${offline[@]}"
{ sed 's/"tick":"2025-10-18T09:09:16Z"/"tick":"2025-10-18T09:10:16Z"/' "$work/last.stdout"; echo '{"schemaVersion":1,"stationCode":'; echo; } >>"$batches"
check "aggregate --input, 3 batches" $none -- aggregate --input "$batches"
check "aggregate from standard input, 3 batches" "$batches" -- aggregate
check "aggregate, empty input" $none -- aggregate
check "run with stdin and stdout closed" closed -- run --status "$status" --information "$information" "${offline[@]}"
check "snapshot, all, stdout a pipe" pipe -- snapshot --stations all --status "$status" --information "$information" "${offline[@]}"
check "snapshot, all, stdout a pipe closed after one line" head -- snapshot --stations all --status "$status" --information "$information" "${offline[@]}"
check "run, stdout /dev/full" full -- run --status "$status" --information "$information" "${offline[@]}"
check "run, stderr closed, a warning to write" no-stderr -- run --stations 16107,99999 --status "$status" --information "$information" "${offline[@]}"

# A libc.so beside the native velib (an archive unpacked into a downloads folder) is never loaded: the dynamic loader
# stands in for a planted one (it loads, and has no fcntl, which velib calls first). The copy behaves as the JIT build.
for loader in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
  [ -f "$loader" ] || continue
  mkdir "$work/planted"
  cp "$native" "$work/planted/velib"
  cp "$loader" "$work/planted/libc.so"
  unplanted=$native
  native=$work/planted/velib
  check "a libc.so beside the native velib" closed -- aggregate
  native=$unplanted
  break
done

# Error paths.
truncated=$work/truncated.json
head -c 4096 "$status" >"$truncated"
: >"$work/empty.json"
check "missing status file" $none -- run --status "$work/no-such-file.json" --information "$information" "${offline[@]}"
check "malformed status (cut at 4 KiB)" $none -- run --status "$truncated" --information "$information" "${offline[@]}"
check "empty information" $none -- snapshot --status "$status" --information "$work/empty.json" "${offline[@]}"
check "status is a directory" $none -- run --status "$recorded" --information "$information" "${offline[@]}"
check "aggregate, missing input file" $none -- aggregate --input "$work/no-such-file.jsonl"
check "missing postcode table" $none -- run --postcodes "$work/no-such-table.csv" --status "$status" --information "$information" "${offline[@]}"
check "--stations with a code not in the feed (a warning, exit 0)" $none -- run --stations 16107,abc --status "$status" --information "$information" "${offline[@]}"
check "bad --repeat" $none -- run --repeat 0 --status "$status" --information "$information" "${offline[@]}"
check "--repeat not a number" $none -- run --repeat many --status "$status" --information "$information" "${offline[@]}"
check "--stations given twice" $none -- run --stations 16107 --stations 32017 --status "$status" --information "$information" "${offline[@]}"
check "unknown option" $none -- run --no-such-option
check "unknown command" $none -- frobnicate
check "no command" $none --
check "--help" $none -- --help
check "--version" $none -- --version
check "run --help" $none -- run --help
check "Velib__FeedTimeout=abc" $none Velib__FeedTimeout=abc -- run --status "$status" --information "$information" "${offline[@]}"
check "Velib__FeedTimeout out of range" $none Velib__FeedTimeout=01:00:00 -- run --status "$status" --information "$information" "${offline[@]}"
check "Velib__MaxRetries out of range, Velib__Stations bad" $none Velib__MaxRetries=99 Velib__Stations=x -- snapshot --status "$status" --information "$information" "${offline[@]}"
check "swapped documents" $none -- run --status "$information" --information "$status" "${offline[@]}"

# Postcodes from a table of one's own (16107 moved to 75116; 40001 left out: unresolved, as the geocoder is off),
# then from overrides.
builtin_table=Velib.Core/Postcodes/station-postcodes.csv
table=$work/postcodes.csv
awk -F, -v OFS=, 'NR == 1 || $1 == "32017"; $1 == "16107" { $3 = "75116"; print }' "$builtin_table" >"$table"
sed 's/,75116,/,7511,/' "$table" >"$work/bad-postcodes.csv"
two_and_creteil=16107,32017,40001
check "--postcodes, a table of one's own" $none -- run --stations $two_and_creteil --postcodes "$table" --status "$status" --information "$information" "${offline[@]}"
check "--postcodes, a bad postcode in the table" $none -- run --postcodes "$work/bad-postcodes.csv" --status "$status" --information "$information" "${offline[@]}"
check "Velib__PostcodeOverrides" $none Velib__PostcodeOverrides__16107__Postcode=75116 Velib__PostcodeOverrides__40001__Postcode=94000 Velib__PostcodeOverrides__40001__City=Créteil -- run --stations $two_and_creteil --status "$status" --information "$information" "${offline[@]}"
check "Velib__PostcodeOverrides, not a postcode" $none Velib__PostcodeOverrides__16107__Postcode=7511 -- run --status "$status" --information "$information" "${offline[@]}"

# Over HTTP: the fixtures served on 127.0.0.1, on the port the server bound and printed. The geocoder's URL is the
# recorded answer for Créteil: the client adds its query (?lon=…&lat=…&limit=1), which the server ignores. The server
# stops when its standard input closes: below, or when this script ends in any way, as the pipe closes with it.
coproc fixture_server { exec python3 .ci/fixture_server.py Velib.Tests/Fixtures; }
server_in=${fixture_server[1]}
if ! read -r port <&"${fixture_server[0]}"; then
  echo "native-equality: .ci/fixture_server.py did not start" >&2
  exit 1
fi
served=http://127.0.0.1:$port
served_status=$served/2025-10-18/station_status.json
served_information=$served/2025-10-18/station_information.json
check "run over HTTP" $none -- run --status "$served_status" --information "$served_information" "${offline[@]}"
check "snapshot over HTTP, all, from Velib__FeedBaseUrl" $none Velib__FeedBaseUrl="$served/2025-10-18/" -- snapshot --stations all "${offline[@]}"
check "swapped documents over HTTP" $none -- run --status "$served_information" --information "$served_status" "${offline[@]}"
check "status HTTP 404" $none -- run --status "$served/2025-10-18/no_such_file.json" --information "$information" "${offline[@]}"
check "status HTTP 500, one retry" $none Velib__MaxRetries=1 -- run --status "$served/status/500" --information "$information" "${offline[@]}"
check "geocoder answer over HTTP, Créteil stations not in the table" $none -- run --stations 16107,40001,40011,40016 --status "$status" --information "$information" --geocoder "$served/geocoder/reverse_creteil.json"
check "geocoder HTTP 500" $none -- run --stations $two_and_creteil --status "$status" --information "$information" --geocoder "$served/status/500"
exec {server_in}>&-

# Port 9 (discard) has no listener on a loopback without that service: the connection is refused at once.
if (exec 3<>/dev/tcp/127.0.0.1/9) 2>/dev/null; then
  echo "skipped: refused URL (something listens on 127.0.0.1:9)"
else
  check "refused status URL" $none -- run --status http://127.0.0.1:9/station_status.json --information "$information" "${offline[@]}"
  check "refused geocoder, all stations" $none Velib__MaxRetries=0 -- run --stations all --status "$status" --information "$information" --geocoder http://127.0.0.1:9/reverse
fi

echo "native equality: $cases cases, $differ differ"
[ "$differ" -eq 0 ]
