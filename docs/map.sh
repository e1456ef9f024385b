#!/usr/bin/env bash
# Makes docs/map.png, the screenshot in the README: `velib map` on the recorded 2025-10-18 feed (all stations, no
# geocoder), rendered by headless Chromium with the flags and window of the browser test (Velib.Tests/MapBrowserTests.cs).
# Needs Debian's chromium (`apt-get install chromium`; .ci/run installs it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fixtures=Velib.Tests/Fixtures/2025-10-18
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet run --project Velib.Cli -- map --status "$fixtures/station_status.json" \
  --information "$fixtures/station_information.json" --geocoder off >"$work/map.html" 2>"$work/velib.log" \
  || { cat "$work/velib.log" >&2; exit 1; }
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$work/profile" \
  --screenshot="$PWD/docs/map.png" --window-size=1400,1000 "file://$work/map.html" 2>/dev/null
echo "docs/map.png written"
