#!/usr/bin/env bash
# The main demo (README.md): runs on an already-built tree, given the build directory.
set -euo pipefail
build="${1:-build}"
m="$build/apps/meridian"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
echo "== Eedn CNN on the simulated chip: the MNIST test split (levels in time, docs/EEDN.md section 8)"
"$m" classify --dataset mnist
echo
echo "== A 52-core network with sign-shared inputs (docs/EEDN.md section 4), and a 12-core one"
echo "   on the verilated RTL in lockstep"
"$m" classify --dataset mnist --model "$root/models/mnist-small-sign-shared.eedn.json"
if "$m" run --help | grep -q "rtl"; then
  "$m" classify --model "$root/models/mnist-tiny.eedn.json" --engine rtl --grid 4x4 --limit 100
  "$m" classify --model "$root/models/mnist-tiny-time.eedn.json" --engine rtl --grid 4x4 --limit 100
fi
