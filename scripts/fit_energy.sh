#!/bin/sh
# Reproduces the fitted entries of an energy table (docs/ENERGY.md section 2.3).
#   scripts/fit_energy.sh [SPEC] [--golden] [--write]
# SPEC defaults to energy/tables/truenorth-28nm.fit.json. The fit uses the analytic counts of
# each point's random-network workload; with --golden it first simulates each workload with the
# golden engine (`meridian gen benchmark` + `meridian run --counters-json`, cached in
# $BUILD_DIR/energy-calibration/) and fits to those counts instead. Without --write it only
# prints the fitted values and the published-vs-model table; with --write it rewrites the table.
# BUILD_DIR (default ./build) must hold a configured build; the tools are built if needed.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$here/build}
spec=$here/energy/tables/truenorth-28nm.fit.json
golden=0
write=
for arg in "$@"; do
  case "$arg" in
    --golden) golden=1 ;;
    --write) write=--write ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) spec=$arg ;;
  esac
done
tool=$build/energy/meridian_energy_tool
# Build quietly; show the log only if the build fails.
build_target() {
  log=$(mktemp)
  if ! cmake --build "$build" -j2 --target "$1" >"$log" 2>&1; then
    tail -40 "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}
build_target meridian_energy_tool
if [ "$golden" = 0 ]; then
  exec "$tool" fit "$spec" $write
fi

build_target meridian
meridian=$build/apps/meridian
dir=$build/energy-calibration
mkdir -p "$dir"
# One line per distinct workload of the spec: width height rate synapses ticks.
/usr/bin/env python3 - "$spec" <<'PY' | sort -u > "$dir/workloads.txt"
import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    w = p.get("random_network")
    if w:
        print(w["width"], w["height"], w["rate_hz"], w["synapses"], w["ticks"])
PY
while read -r w h rate syn ticks; do
  out=$dir/$("$tool" benchmark-name --width "$w" --height "$h" --rate "$rate" --synapses "$syn")
  if [ ! -s "$out" ]; then
    echo "simulating ${w}x${h} at $rate Hz, $syn synapses, $ticks ticks -> $out" >&2
    "$meridian" gen benchmark --grid "${w}x${h}" --rate "$rate" --synapses "$syn" \
      -o "$dir/model.mdl" >/dev/null
    "$meridian" run "$dir/model.mdl" -n "$ticks" --counters-json "$out" >/dev/null
  fi
done < "$dir/workloads.txt"
rm -f "$dir/model.mdl"
exec "$tool" fit "$spec" --counters-dir "$dir" $write
