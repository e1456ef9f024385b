#!/usr/bin/env bash
# The per-tick time of velib against the course's Python (bench/seed_run_once.py), in one run, on the recorded pair
# (geocoder off), for the two default stations and for `--stations all`. Each process reads both documents once,
# then runs its tick REPEAT times and prints the median of one pass (`--repeat`): for Python, parse both documents,
# filter, join, sum per postcode; for `velib snapshot`, the producer's tick (parse, filter, join, checks, postcodes,
# messages); for `velib run`, the whole pass (that tick, then the keyed envelopes, read back and summed by a fresh
# tick assembly). Several interleaved rounds; prints, per row, the median and the minimum of the rounds' medians,
# the ratio Python / velib of those medians, and the lowest and highest ratio within one round (how far one run can
# swing on this machine).
#
# Several builds can be timed side by side (before/after a change): give the velib.dll of each (a Release build),
# or a native velib. Default: this tree's Velib.Cli, built in Release.
#
# Needs: the .NET 10 SDK (dotnet), python3 (PYTHON=… for another). Installs nothing.
# usage: bench/tick.sh [ROUNDS [REPEAT [VELIB...]]]    (default 7 rounds of 301 passes)
set -euo pipefail
# awk, printf and sort read and write numbers as C does: under fr_FR mawk read GNU time's 0.62 as 0.
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds=${1:-7}
repeat=${2:-301}
[[ "$rounds" =~ ^[1-9][0-9]*$ && "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/tick.sh [ROUNDS [REPEAT [VELIB...]]]" >&2; exit 2; }
shift $(($# < 2 ? $# : 2))
python=${PYTHON:-python3}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
fixtures=Velib.Tests/Fixtures/2025-10-18
feed=(--status "$fixtures/station_status.json" --information "$fixtures/station_information.json" --geocoder off)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=bench/builds.sh
source bench/builds.sh
velib_builds "$work" "$@"

median_ms() { # reads "... median of N passes: X ms" on stdin, prints X
  sed -n 's/.*median of [0-9]* passes: \([0-9.]*\) ms.*/\1/p' | tail -n 1
}

: >"$work/samples"
for round in $(seq 0 "$rounds"); do
  for stations in 16107,32017 all; do
    rows=("python $stations")
    values=("$("$python" bench/seed_run_once.py "$fixtures/station_status.json" "$fixtures/station_information.json" \
      Velib.Core/Postcodes/station-postcodes.csv --stations "$stations" --repeat "$repeat" 2>&1 >/dev/null | median_ms)")
    for i in "${!builds[@]}"; do
      for command in snapshot run; do
        rows+=("$i $command $stations")
        values+=("$(velib "${builds[$i]}" "$command" "${feed[@]}" --stations "$stations" --repeat "$repeat" 2>&1 >/dev/null | median_ms)")
      done
    done
    for j in "${!rows[@]}"; do
      [ -n "${values[$j]}" ] || { echo "tick.sh: no median for ${rows[$j]}" >&2; exit 1; }
      # Round 0 warms the page cache and is not counted.
      [ "$round" -eq 0 ] || echo "${rows[$j]// /_} ${values[$j]} $round" >>"$work/samples"
    done
  done
done

stat() { # row -> "median min"
  awk -v row="$1" '$1 == row { print $2 }' "$work/samples" | sort -n \
    | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f\n", m, v[1] }'
}

round_ratios() { # Python's row, a velib row -> "lowest–highest" of Python / velib within one round
  awk -v p="$1" -v v="$2" '$1 == p { py[$3] = $2 } $1 == v { ve[$3] = $2 }
    END { for (r in ve) { x = py[r] / ve[r]; if (lo == "" || x < lo) lo = x; if (x > hi) hi = x }; printf "%.2f–%.2f\n", lo, hi }' "$work/samples"
}

echo "## velib's tick against the Python tick: $rounds rounds of $repeat passes, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(dotnet --version) SDK; $("$python" --version 2>&1); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
for i in "${!builds[@]}"; do echo "- build $i: ${builds[$i]}"; done
echo
echo "| stations | process | median of the medians (ms) | min (ms) | Python / this (medians) | Python / this, each round |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for stations in 16107,32017 all; do
  read -r python_median python_min < <(stat "python_$stations")
  echo "| $stations | Python | $python_median | $python_min | | |"
  for i in "${!builds[@]}"; do
    for command in snapshot run; do
      read -r median min < <(stat "${i}_${command}_$stations")
      echo "| $stations | build $i: \`velib $command\` | $median | $min | $(awk -v p="$python_median" -v m="$median" 'BEGIN { printf "%.2f", p / m }') | $(round_ratios "python_$stations" "${i}_${command}_$stations") |"
    done
  done
done
