# shellcheck shell=bash
# Sourced by bench/tick.sh and bench/backlog.sh: the velib builds they time, and how to run one.

# velib_builds WORK [VELIB...]: sets the array `builds` to the given builds (the velib.dll of a Release build, or a
# native velib), or to this tree's Velib.Cli built in Release into WORK.
velib_builds() {
  builds=("${@:2}")
  if [ ${#builds[@]} -eq 0 ]; then
    echo "building velib (Release)..." >&2
    dotnet build Velib.Cli -c Release -o "$1/velib" >"$1/build.log" 2>&1 || { cat "$1/build.log" >&2; exit 1; }
    builds=("$1/velib/velib.dll")
  fi
}

# velib BUILD ARGS...: runs one build.
velib() {
  local build=$1
  shift
  case $build in
    *.dll) dotnet "$build" "$@" ;;
    *) "$build" "$@" ;;
  esac
}
