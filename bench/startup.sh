#!/usr/bin/env bash
# Start-up cost of a whole native `velib run` process on the recorded pair (geocoder off; the two default stations,
# then `--stations all`), compared in one run with the course's approach as one Python process
# (bench/seed_run_once.py, same selections) and a .NET "hello world" published the same way as velib (Native AOT,
# invariant culture): CPU time (user + system) and peak memory (max RSS) of each whole process, over several
# interleaved rounds; prints the median and the minimum of each as a Markdown table. The JIT build of the same tree
# (`dotnet velib.dll`, as `dotnet run` runs it) is timed too, for what Native AOT changed.
#
# Needs: the .NET 10 SDK (dotnet) and a C toolchain for Native AOT (clang or gcc), python3, bash, and GNU time as
# /usr/bin/time (Debian package `time`: apt-get install -y time). Installs nothing. Publishes into a temporary
# directory, removed at the end.
#
# usage: bench/startup.sh [ROUNDS]    (default 15; one more warm-up round is run first and not counted)
#        PYTHON=/usr/bin/python3 bench/startup.sh    (another interpreter than the python3 on PATH)
set -euo pipefail
# awk, printf and sort read and write numbers as C does: under fr_FR mawk read GNU time's 0.62 as 0.
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds=${1:-15}
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/startup.sh [ROUNDS]" >&2
  exit 2
fi
for tool in dotnet "${PYTHON:-python3}" /usr/bin/time; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "startup.sh: $tool is required (GNU time: apt-get install -y time)" >&2
    exit 1
  fi
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

fixtures=Velib.Tests/Fixtures/2025-10-18
status_json=$fixtures/station_status.json
information_json=$fixtures/station_information.json
postcodes_csv=Velib.Core/Postcodes/station-postcodes.csv

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

publish() {
  if ! dotnet publish "$@" >"$work/publish.log" 2>&1; then
    cat "$work/publish.log" >&2
    echo "startup.sh: dotnet publish $* failed" >&2
    exit 1
  fi
}

echo "publishing velib (the README's command) and a hello world, both Native AOT..." >&2
publish Velib.Cli -c Release -o "$work/velib"
if ! dotnet build Velib.Cli -c Release -o "$work/jit" >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "startup.sh: dotnet build Velib.Cli failed" >&2
  exit 1
fi

mkdir -p "$work/hello"
cat >"$work/hello/hello.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <PublishAot>true</PublishAot>
    <InvariantGlobalization>true</InvariantGlobalization>
  </PropertyGroup>
</Project>
EOF
echo 'System.Console.WriteLine("Hello, World!");' >"$work/hello/Program.cs"
publish "$work/hello/hello.csproj" -c Release -o "$work/hello/out"

# The interpreter itself, not a version manager's shim (a shell script that would be timed with it).
python=$("${PYTHON:-python3}" -c 'import sys; print(sys.executable)')

velib_cmd=("$work/velib/velib" run --status "$status_json" --information "$information_json" --geocoder off)
velib_all_cmd=("${velib_cmd[@]}" --stations all)
jit_cmd=(dotnet "$work/jit/velib.dll" "${velib_cmd[@]:1}")
python_cmd=("$python" bench/seed_run_once.py "$status_json" "$information_json" "$postcodes_csv")
python_all_cmd=("${python_cmd[@]}" --stations all)
hello_cmd=("$work/hello/out/hello")

# Each measured process must do its job: check the totals once before timing anything.
expect() { # name output pattern...
  local name=$1 out=$2 pattern
  shift 2
  for pattern in "$@"; do
    if ! grep -q "$pattern" <<<"$out"; then
      echo "startup.sh: $name did not print the expected totals ($pattern)" >&2
      exit 1
    fi
  done
}
expect "velib run" "$("${velib_cmd[@]}" 2>/dev/null)" '"postcode":"75016".*"totalBikes":5,' '"postcode":"93200".*"totalBikes":9,'
expect "dotnet velib.dll run" "$("${jit_cmd[@]}" 2>/dev/null)" '"postcode":"75016".*"totalBikes":5,' '"postcode":"93200".*"totalBikes":9,'
expect seed_run_once.py "$("${python_cmd[@]}")" '"postcode": "75016".*"totalBikes": 5,' '"postcode": "93200".*"totalBikes": 9,'
expect "velib run --stations all" "$("${velib_all_cmd[@]}" 2>/dev/null)" '"postcode":"75001".*"totalBikes":385,'
expect "seed_run_once.py --stations all" "$("${python_all_cmd[@]}")" '"postcode": "75001".*"totalBikes": 385,'
expect hello "$("${hello_cmd[@]}")" '^Hello, World!$'

# One sample: "cpu_ms wall_ms" from bash's own `time` (getrusage of the child, millisecond precision), then the
# peak RSS in KiB from GNU time in a second run of the same command (GNU time prints CPU in 10 ms steps only).
sample() {
  local name=$1 times rss
  shift
  times=$({ TIMEFORMAT='%3U %3S %3R'; time "$@" >/dev/null 2>&1; } 2>&1)
  rss=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1)
  awk -v name="$name" -v rss="$rss" '{ printf "%s %d %d %d\n", name, ($1 + $2) * 1000 + 0.5, $3 * 1000 + 0.5, rss }' <<<"$times"
}

samples=$work/samples
: >"$samples"
for round in $(seq 0 "$rounds"); do
  for name in velib python velib_all python_all hello jit; do
    case $name in
      velib) line=$(sample "$name" "${velib_cmd[@]}") ;;
      python) line=$(sample "$name" "${python_cmd[@]}") ;;
      velib_all) line=$(sample "$name" "${velib_all_cmd[@]}") ;;
      python_all) line=$(sample "$name" "${python_all_cmd[@]}") ;;
      hello) line=$(sample "$name" "${hello_cmd[@]}") ;;
      jit) line=$(sample "$name" "${jit_cmd[@]}") ;;
    esac
    # Round 0 warms the page cache and is not counted.
    [ "$round" -eq 0 ] || echo "$line" >>"$samples"
  done
done

stat() { # name column -> "median min max"
  awk -v name="$1" -v col="$2" '$1 == name { print $col }' "$samples" | sort -n \
    | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%g %g %g\n", m, v[1], v[NR] }'
}

echo "## native velib run vs the Python run-once vs a native hello world: $rounds rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(dotnet --version) SDK; $("$python" --version 2>&1) ($python); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo
echo "| process | CPU median (ms) | CPU min (ms) | wall median (ms) | peak RSS median (MiB) | peak RSS max (MiB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for name in velib python velib_all python_all hello jit; do
  read -r cpu_median cpu_min _ < <(stat "$name" 2)
  read -r wall_median _ _ < <(stat "$name" 3)
  read -r rss_median _ rss_max < <(stat "$name" 4)
  label=$name
  case $name in
    velib) label="\`velib run\`, native" ;;
    python) label='Python run-once' ;;
    velib_all) label="\`velib run --stations all\`, native" ;;
    python_all) label="Python run-once, \`--stations all\`" ;;
    hello) label='.NET hello world, native' ;;
    jit) label="\`dotnet velib.dll run\`, JIT build of the same tree" ;;
  esac
  printf '| %s | %s | %s | %s | %.1f | %.1f |\n' "$label" "$cpu_median" "$cpu_min" "$wall_median" \
    "$(awk -v k="$rss_median" 'BEGIN { print k / 1024 }')" "$(awk -v k="$rss_max" 'BEGIN { print k / 1024 }')"
done
echo
for selection in "" _all; do
  read -r velib_median velib_min _ < <(stat "velib$selection" 2)
  read -r python_median python_min _ < <(stat "python$selection" 2)
  awk -v s="${selection:-default stations}" -v vm="$velib_median" -v pm="$python_median" -v vn="$velib_min" -v pn="$python_min" \
    'BEGIN { sub(/^_/, "--stations ", s); printf "velib / Python CPU, %s: %.2f (medians), %.2f (minimums)\n", s, vm / pm, vn / pn }'
done
