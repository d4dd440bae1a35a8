#!/usr/bin/env python3
"""Core area from the Yosys results of scripts/area/area.sh and an area table (ART).

usage: area_report.py TABLE.json OUT_DIR TOP...

For each TOP it reads OUT_DIR/TOP.cmos.txt (`stat -tech cmos` after mapping to CMOS gates) and
OUT_DIR/TOP.json (the netlist, for the black-boxed meridian_sram_* instances and their Words x
Width parameters) and prints, as Markdown, transistors, flip-flops, SRAM bits and areas:

  logic area = transistors x logic_um2_per_transistor / placement_utilization
  SRAM area  = bits x sram_bitcell_um2 / sram_array_efficiency

It also writes OUT_DIR/area.json with the same numbers.
"""
import json
import re
import sys


def parse_stat(path):
    text = open(path).read()
    tr = re.findall(r"Estimated number of transistors:\s*(\d+)(\+?)", text)
    cells = dict((name, int(n)) for name, n in re.findall(r"^\s+(\S+)\s+(\d+)\s*$", text, re.M))
    if not tr:
        sys.exit("%s: no transistor estimate (did `stat -tech cmos` run?)" % path)
    return {"transistors": int(tr[-1][0]), "inexact": tr[-1][1] == "+", "cells": cells}


def param_int(v):
    # Yosys JSON writes parameters as binary strings (or ints for small values).
    if isinstance(v, int):
        return v
    return int(v, 2) if re.fullmatch(r"[01]+", v) else int(v)


def sram_instances(netlist_path, top):
    net = json.load(open(netlist_path))
    mod = net["modules"].get(top)
    if mod is None:
        sys.exit("%s: module %s not in the netlist" % (netlist_path, top))
    out = []
    for name, cell in mod["cells"].items():
        if "meridian_sram_" not in cell["type"]:
            continue
        p = cell.get("parameters", {})
        if "Words" not in p or "Width" not in p:
            sys.exit("%s: SRAM instance %s has no Words/Width parameters" % (netlist_path, name))
        out.append({"instance": name, "type": cell["type"], "words": param_int(p["Words"]),
                     "width": param_int(p["Width"])})
    return out


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    table = json.load(open(argv[1]))["entries"]
    v = dict((k, e["value"]) for k, e in table.items())
    out_dir = argv[2]
    result = {}
    print("| block | transistors (logic) | flip-flops | SRAM bits | logic um^2 | SRAM um^2 |"
          " total um^2 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for top in argv[3:]:
        stat = parse_stat("%s/%s.cmos.txt" % (out_dir, top))
        srams = sram_instances("%s/%s.json" % (out_dir, top), top)
        bits = sum(s["words"] * s["width"] for s in srams)
        flops = sum(n for c, n in stat["cells"].items() if "DFF" in c)
        logic = stat["transistors"] * v["logic_um2_per_transistor"] / v["placement_utilization"]
        sram = bits * v["sram_bitcell_um2"] / v["sram_array_efficiency"]
        result[top] = {"transistors_logic": stat["transistors"],
                       "transistor_count_inexact": stat["inexact"], "flip_flops": flops,
                       "sram_instances": srams, "sram_bits": bits,
                       "sram_transistors": bits * v["sram_transistors_per_bit"],
                       "logic_um2": logic, "sram_um2": sram, "total_um2": logic + sram,
                       "cells": stat["cells"]}
        print("| %s | %d%s | %d | %d | %.0f | %.0f | %.0f |" % (
            top, stat["transistors"], "+" if stat["inexact"] else "", flops, bits, logic, sram,
            logic + sram))
        for s in srams:
            print("|   %s | | | %d x %d | | | |" % (s["instance"], s["words"], s["width"]))
    total = sum(r["total_um2"] for r in result.values())
    print("\nsum of blocks: %.0f um^2 = %.4f mm^2 (TrueNorth core incl. router: 240 x 390 = "
          "93600 um^2)" % (total, total * 1e-6))
    json.dump({"table": table, "blocks": result, "total_um2": total},
              open("%s/area.json" % out_dir, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv)
