#!/usr/bin/env bash
# Time of `velib map` on all stations of the recorded pair (geocoder off), against `velib run` on the same input: the
# map's cost is the difference. Each whole process, published with the README's command (Native AOT), several
# interleaved rounds; prints the median and the minimum wall time, the median CPU time (user + system) and the median
# peak memory of each as a Markdown table. GNU time gives 10 ms steps.
#
# Needs: the .NET 10 SDK (dotnet) and GNU time as /usr/bin/time (apt-get install -y time). Installs nothing.
# usage: bench/map.sh [ROUNDS]    (default 9; one more warm-up round is run first and not counted)
set -euo pipefail
# awk, printf and sort read and write numbers as C does: under fr_FR mawk read GNU time's 0.62 as 0.
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds=${1:-9}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/map.sh [ROUNDS]" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
fixtures=Velib.Tests/Fixtures/2025-10-18
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "publishing velib (the README's command)..." >&2
dotnet publish Velib.Cli -c Release -o "$work/velib" >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; exit 1; }
feed=(--stations all --status "$fixtures/station_status.json" --information "$fixtures/station_information.json" --geocoder off)
commands=("run" "map" "map --format geojson")

: >"$work/samples"
for round in $(seq 0 "$rounds"); do
  for i in "${!commands[@]}"; do
    read -ra words <<<"${commands[$i]}"
    # "index wall-s cpu-s rss-MiB"
    line=$(/usr/bin/time -f "$i %e %U %S %M" "$work/velib/velib" "${words[@]}" "${feed[@]}" 2>&1 >/dev/null | tail -n 1 \
      | awk '{ printf "%s %s %.2f %.0f\n", $1, $2, $3 + $4, $5 / 1024 }')
    [ "$round" -eq 0 ] || echo "$line" >>"$work/samples"
  done
done

column() { # command-index field -> sorted values
  awk -v i="$1" -v f="$2" '$1 == i { print $f }' "$work/samples" | sort -n
}
median() { awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "## velib map vs run, all stations: $rounds rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| command | wall median (s) | wall min (s) | CPU median (s) | peak RSS median (MiB) |"
echo "| --- | ---: | ---: | ---: | ---: |"
for i in "${!commands[@]}"; do
  printf "| \`velib %s\` | %s | %s | %s | %s |\n" "${commands[$i]}" "$(column "$i" 2 | median)" "$(column "$i" 2 | head -n 1)" \
    "$(column "$i" 3 | median)" "$(column "$i" 4 | median)"
done
