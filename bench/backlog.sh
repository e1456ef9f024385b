#!/usr/bin/env bash
# Aggregation throughput: a backlog of TICKS ticks of every station through `velib aggregate`, as a consumer that
# restarts behind the topic would read it. The ticks are derived from the recorded `all` snapshot (geocoder off:
# 1,495 station messages a tick, 84 of them without postcode): the same messages, the tick moved one minute further
# each time. Timed as TICKS batches (an empty line after each tick) and as one batch, each a whole process under
# GNU time, several interleaved rounds; prints, per build and shape, the median wall time and messages (lines) per second
# at that median, the median CPU time (user + system: less disturbed by other work on a shared machine than wall time)
# and messages per CPU second, and the median and largest peak RSS. Every build is checked to print the same number of
# totals.
#
# Several builds can be timed side by side (before/after a change): give the velib.dll of each (a Release build), or
# a native velib; the first one writes the input. Default: this tree's Velib.Cli, built in Release.
#
# Needs: the .NET 10 SDK (dotnet), python3 and GNU time as /usr/bin/time (apt-get install -y time). Installs nothing.
# usage: bench/backlog.sh [ROUNDS [TICKS [VELIB...]]]    (default 7 rounds of 200 ticks)
set -euo pipefail
# awk, printf and sort read and write numbers as C does: under fr_FR mawk read GNU time's 0.62 as 0.
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds=${1:-7}
ticks=${2:-200}
[[ "$rounds" =~ ^[1-9][0-9]*$ && "$ticks" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/backlog.sh [ROUNDS [TICKS [VELIB...]]]" >&2; exit 2; }
shift $(($# < 2 ? $# : 2))
[ -x /usr/bin/time ] || { echo "backlog.sh: GNU time is required as /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
fixtures=Velib.Tests/Fixtures/2025-10-18
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=bench/builds.sh
source bench/builds.sh
velib_builds "$work" "$@"

velib "${builds[0]}" snapshot --stations all --status "$fixtures/station_status.json" \
  --information "$fixtures/station_information.json" --geocoder off >"$work/snapshot.jsonl" 2>/dev/null
python3 - "$work/snapshot.jsonl" "$ticks" "$work" <<'PY'
import datetime, json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
tick = json.loads(lines[0])["tick"]
start = datetime.datetime.fromisoformat(tick.replace("Z", "+00:00"))
with open(f"{sys.argv[3]}/batches.jsonl", "w", encoding="utf-8") as batches, open(f"{sys.argv[3]}/one.jsonl", "w", encoding="utf-8") as one:
    for k in range(int(sys.argv[2])):
        moved = (start + datetime.timedelta(minutes=k)).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = "".join(line.replace(f'"tick":"{tick}"', f'"tick":"{moved}"') + "\n" for line in lines)
        batches.write(text + "\n")
        one.write(text)
PY
messages=$(grep -c . "$work/one.jsonl")
echo "input: $ticks ticks, $messages messages, $(du -m "$work/one.jsonl" | cut -f1) MB" >&2

: >"$work/samples"
for round in $(seq 0 "$rounds"); do
  for i in "${!builds[@]}"; do
    for shape in batches one; do
      # "build shape wall-s rss-KiB cpu-s totals"
      host=
      [[ ${builds[$i]} != *.dll ]] || host=dotnet
      /usr/bin/time -o "$work/time" -f "%e %M %U %S" ${host:+"$host"} "${builds[$i]}" aggregate --input "$work/$shape.jsonl" >"$work/out" 2>/dev/null
      # Round 0 warms the page cache and is not counted.
      [ "$round" -eq 0 ] || echo "$i $shape $(awk '{ print $1, $2, $3 + $4 }' "$work/time") $(grep -c . "$work/out")" >>"$work/samples"
    done
  done
done

if [ "$(cut -d' ' -f6 "$work/samples" | sort -u | wc -l)" -ne 1 ]; then
  echo "backlog.sh: the builds did not print the same number of totals:" >&2
  cat "$work/samples" >&2
  exit 1
fi

stat() { # build shape column -> "median max"
  awk -v b="$1" -v s="$2" -v col="$3" '$1 == b && $2 == s { print $col }' "$work/samples" | sort -n \
    | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%g %g\n", m, v[NR] }'
}

echo "## velib aggregate on a backlog of $ticks ticks ($messages messages, $(cut -d' ' -f6 "$work/samples" | head -n 1) totals): $rounds rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in "${!builds[@]}"; do echo "- build $i: ${builds[$i]}"; done
echo
echo "| build | batches | wall median (s) | messages/s (wall) | CPU median (s) | messages per CPU second | peak RSS median (MiB) | peak RSS max (MiB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for i in "${!builds[@]}"; do
  for shape in batches one; do
    read -r wall _ < <(stat "$i" "$shape" 3)
    read -r rss rss_max < <(stat "$i" "$shape" 4)
    read -r cpu _ < <(stat "$i" "$shape" 5)
    n=$([ "$shape" = one ] && echo 1 || echo "$ticks")
    awk -v b="$i" -v n="$n" -v w="$wall" -v m="$messages" -v c="$cpu" -v r="$rss" -v x="$rss_max" \
      'BEGIN { printf "| %s | %d | %.2f | %.0f | %.2f | %.0f | %.1f | %.1f |\n", b, n, w, m / w, c, m / c, r / 1024, x / 1024 }'
  done
done
