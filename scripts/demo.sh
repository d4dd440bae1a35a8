#!/usr/bin/env bash
# The main demo (README.md): runs on an already-built tree, given the build directory.
set -euo pipefail
build="${1:-build}"
m="$build/apps/meridian"
out="$(mktemp -d)"
echo "== TrueNorth characterisation network, 16x16 cores, 20 Hz, 128 synapses, 1000 ticks"
"$m" gen benchmark --grid 16x16 --rate 20 --synapses 128 --seed 1 -o "$out/bench.mdl"
"$m" run "$out/bench.mdl" --ticks 1000
