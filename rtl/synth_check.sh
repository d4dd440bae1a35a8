#!/bin/sh
# Check that Yosys reads and synthesises every RTL module (generic cells, no liberty).
# Usage: rtl/synth_check.sh [yosys]   -- run from anywhere; prints one line per top and a summary.
# Memories become flip-flops here, so small parameters keep the run short; the modules are the
# same code as the verilated 256 x 256 build.
set -eu
YOSYS=${1:-yosys}
RTL=$(cd "$(dirname "$0")" && pwd)
SOURCES="meridian_pkg.sv meridian_prng.sv meridian_neuron_datapath.sv meridian_first_one.sv
  meridian_sram_1r1w.sv meridian_scheduler.sv meridian_core_ctrl.sv meridian_core.sv
  meridian_fifo.sv meridian_router.sv meridian_chip.sv"
READ=""
for f in $SOURCES; do READ="$READ read_verilog -sv $RTL/$f;"; done

# top : parameter overrides
TOPS="meridian_prng:
meridian_neuron_datapath:
meridian_first_one:-set Width 32 -set IdxW 5
meridian_sram_1r1w:-set Words 32 -set Width 32
meridian_scheduler:-set Axons 32
meridian_fifo:-set Width 54 -set Depth 4
meridian_core_ctrl:-set Axons 32 -set Neurons 32
meridian_core:-set Axons 32 -set Neurons 32
meridian_router:-set LocalDepth 32 -set FifoDepth 4
meridian_chip:-set Width 2 -set Height 2 -set Axons 32 -set Neurons 32"

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
while IFS=: read -r top params; do
  chparam=""
  [ -n "$params" ] && chparam="chparam $params $top;"
  if "$YOSYS" -p "$READ $chparam synth -top $top -flatten; stat" > "$LOG" 2>&1; then
    cells=$(grep -E "Number of cells:" "$LOG" | tail -1 | awk "{print \$NF}")
    echo "ok   $top ($params) cells=$cells"
  else
    echo "FAIL $top ($params)"
    tail -20 "$LOG"
    exit 1
  fi
done <<END
$TOPS
END
echo "synth_check: every module synthesised with $("$YOSYS" -V)"
