#!/bin/sh
# Gate, transistor and area estimate of the Meridian core and router (docs/ENERGY.md section 4).
#   scripts/area/area.sh [RTL_DIR] [OUT_DIR]
# RTL_DIR defaults to rtl/, OUT_DIR to build/area. TOPS (default "meridian_core meridian_router")
# names the modules to synthesise. SRAM wrappers (meridian_sram_*.sv) are read as black boxes;
# their bits are priced separately from the area table scripts/area/area_28nm.json.
# Per top it writes TOP.generic.txt (Yosys generic cells), TOP.cmos.txt (exact CMOS transistor
# count after mapping to NAND/NOR/NOT + DFF), TOP.json (netlist) and TOP.log, then area.json.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
rtl=${1:-$here/../../rtl}
out=${2:-$here/../../build/area}
tops=${TOPS:-"meridian_core meridian_router"}
mkdir -p "$out/src"
rm -f "$out"/src/*.sv

# Yosys 0.23 lacks a few constructs Verilator accepts: rewrite them in a copy (listed on stderr).
python3 "$here/yosys_compat.py" "$out/src" "$rtl"/*.sv 2>"$out/compat.log" || {
  cat "$out/compat.log" >&2; exit 1; }
[ -s "$out/compat.log" ] && sed 's/^/  /' "$out/compat.log" >&2

pkgs=$(ls "$out"/src/*_pkg.sv 2>/dev/null || true)
srams=$(ls "$out"/src/meridian_sram_*.sv 2>/dev/null || true)
others=$(ls "$out"/src/*.sv | grep -v -e '_pkg\.sv$' -e '/meridian_sram_[^/]*\.sv$' || true)
read_cmds=""
[ -n "$pkgs" ] && read_cmds="read_verilog -sv $(echo $pkgs);"
[ -n "$srams" ] && read_cmds="$read_cmds read_verilog -sv -lib $(echo $srams);"
read_cmds="$read_cmds read_verilog -sv $(echo $others);"

for top in $tops; do
  echo "synthesising $top ..." >&2
  yosys -q -l "$out/$top.log" -p "$read_cmds
    hierarchy -check -top $top
    synth -top $top -flatten
    tee -q -o $out/$top.generic.txt stat
    async2sync
    dfflegalize -cell \$_DFF_P_ 01
    abc ${ABC_FAST--fast} -g cmos2
    opt_clean
    tee -q -o $out/$top.cmos.txt stat -tech cmos
    write_json $out/$top.json" >/dev/null
  # Yosys 0.23 turns some constructs (struct members of block-local variables) into implicit
  # wires with only a warning: logic behind them is lost wherever those lines are used.
  if grep -q "is implicitly declared" "$out/$top.log"; then
    echo "WARNING: Yosys misread these lines; a top using them gets an approximate count:" >&2
    grep "is implicitly declared" "$out/$top.log" | sort -u | sed 's/^/  /' >&2
  fi
done
python3 "$here/area_report.py" "$here/area_28nm.json" "$out" $tops
