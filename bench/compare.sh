#!/usr/bin/env bash
# The seed's Python producer tick against `velib snapshot`, in one run, on the same recorded feed pair.
#
#   bash bench/compare.sh            # 501 passes each, the default two stations and 'all'
#   REPEAT=301 bash bench/compare.sh
#
# Both sides time the same work on documents already in memory: parse both feeds, keep the selected stations,
# join on stationCode, build the messages. Each prints the median of REPEAT passes; the ratio is seed / velib.
# velib runs in one process: its first passes run unoptimised (tier-0) code, so REPEAT must be large enough
# (a few hundred) for the median to be the warm tick of a long-running host, which is what the producer is.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="$root/Velib.Tests/Fixtures/2025-10-18"
status="$fixtures/station_status.json"
information="$fixtures/station_information.json"
repeat="${REPEAT:-501}"
velib="$root/Velib.Cli/bin/Release/net10.0/velib.dll"

for tool in python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is not on PATH" >&2; exit 1; }
done
for file in "$status" "$information"; do
  [[ -r "$file" ]] || { echo "compare.sh: $file is missing" >&2; exit 1; }
done

echo "building velib (Release)…" >&2
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
if ! dotnet build "$root/Velib.Cli" -c Release -nologo -v quiet >"$build_log" 2>&1; then
  cat "$build_log" >&2
  echo "compare.sh: the Release build of Velib.Cli failed" >&2
  exit 1
fi

# The median in ms from a line "... median of N passes: X ms".
median_of() {
  sed -n 's/.*median of [0-9]* passes: \([0-9.]*\) ms.*/\1/p' | tail -n 1
}

seed_ms() {
  python3 "$root/bench/seed_producer.py" "$status" "$information" --stations "$1" --repeat "$repeat" | median_of
}

velib_ms() {
  dotnet "$velib" snapshot --status "$status" --information "$information" --geocoder off \
    --stations "$1" --repeat "$repeat" 2>&1 >/dev/null | median_of
}

echo "machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; $(python3 --version); .NET $(dotnet --version)"
echo "feeds:   $status ($(wc -c <"$status") B), $information ($(wc -c <"$information") B); $repeat passes each, median"
printf '%-12s %14s %14s %8s\n' stations "seed (Python)" velib ratio
two_velib=""
for stations in 16107,32017 all; do
  seed="$(seed_ms "$stations")"
  ours="$(velib_ms "$stations")"
  if [[ -z "$seed" || -z "$ours" ]]; then
    echo "compare.sh: no median for '$stations' (seed '$seed', velib '$ours')" >&2
    exit 1
  fi
  [[ -n "$two_velib" ]] || two_velib="$ours"
  ratio="$(awk -v a="$seed" -v b="$ours" 'BEGIN { printf "%.1fx", a / b }')"
  printf '%-12s %11.3f ms %11.3f ms %8s\n' "$stations" "$seed" "$ours" "$ratio"
done
echo "velib all / two stations: $(awk -v a="$ours" -v b="$two_velib" 'BEGIN { printf "%.2fx", a / b }')"
