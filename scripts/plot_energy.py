#!/usr/bin/python3
"""Pictures of the energy model (docs/ENERGY.md). Needs Debian's python3-matplotlib.

  plot_energy.py heatmap REPORT.json OUT.png    per-core average power of an energy report
  plot_energy.py breakdown REPORT.json OUT.png  energy by component and action
  plot_energy.py sweep SWEEP.csv OUT.png        power over firing rate and active synapses
                                                against TrueNorth's published envelope

REPORT.json comes from `meridian-energy-tool report --json` (or `meridian energy --json`),
SWEEP.csv from `meridian-energy-tool sweep`.
"""
import csv
import json
import sys

from matplotlib_agg import plt  # noqa: E402


def heatmap(report_path, out):
    r = json.load(open(report_path))
    w, h = r["geometry"]["width"], r["geometry"]["height"]
    grid = [[0.0] * w for _ in range(h)]
    for c in r["cores"]:
        grid[c["y"]][c["x"]] = c["power_mw"] * 1e3  # uW
    fig, ax = plt.subplots(figsize=(6, 5))
    im = ax.imshow(grid, origin="lower", cmap="inferno", interpolation="nearest")
    fig.colorbar(im, ax=ax, label="average power per core (uW)")
    ax.set_xlabel("x (east)")
    ax.set_ylabel("y (north)")
    ax.set_title("%s: %.2f mW total, %d ticks at %.3f V" %
                 (r["table"], r["power_mw"], r["ticks"], r["vdd"]))
    fig.tight_layout()
    fig.savefig(out, dpi=120)


def breakdown(report_path, out):
    r = json.load(open(report_path))
    lines = [l for l in r["breakdown"] if l["energy_pj"] > 0]
    lines.sort(key=lambda l: l["energy_pj"])
    labels = ["%s.%s" % (l["component"], l["action"]) for l in lines]
    total = r["total_pj"]
    mw = [l["energy_pj"] / r["duration_s"] * 1e-9 for l in lines]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(lines) + 1.5))
    bars = ax.barh(labels, mw, color="tab:blue")
    for b, l in zip(bars, lines):
        ax.text(b.get_width(), b.get_y() + b.get_height() / 2,
                " %.1f%%" % (100 * l["energy_pj"] / total), va="center")
    ax.set_xlabel("average power (mW)")
    pj = r["pj_per_synaptic_event"]
    ax.set_title("%s: %.2f mW%s" % (r["table"], r["power_mw"],
                                    "" if pj is None else ", %.1f pJ/synaptic event" % pj))
    ax.set_xlim(0, max(mw) * 1.25)
    fig.tight_layout()
    fig.savefig(out, dpi=120)


# Published TrueNorth operating points (shared/reference/truenorth.md B.4): (rate, synapses, V, mW).
PUBLISHED = [(0, 0, 0.70, 42, "42 mW corner (0.70 V)"),
             (20, 128, 0.775, 72, "72 mW (0.775 V)"),
             (200, 256, 1.05, 323, "323 mW corner (1.05 V)")]


def sweep(csv_path, out):
    rows = list(csv.DictReader(open(csv_path)))
    fig, ax = plt.subplots(figsize=(7, 5))
    series = {}
    for row in rows:
        key = (float(row["vdd"]), int(float(row["synapses"])))
        series.setdefault(key, []).append((float(row["rate_hz"]), float(row["power_mw"])))
    for (vdd, syn), pts in sorted(series.items()):
        pts.sort()
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker=".",
                label="%d synapses, %.3f V" % (syn, vdd),
                linestyle="-" if vdd < 0.8 else "--")
    ax.axhspan(42, 323, color="tab:green", alpha=0.08, label="published envelope 42-323 mW")
    for rate, syn, vdd, mw, name in PUBLISHED:
        ax.plot([rate], [mw], "k*", markersize=11)
        ax.annotate(name, (rate, mw), textcoords="offset points", xytext=(6, -12), fontsize=8)
    ax.set_xlabel("mean firing rate (Hz)")
    ax.set_ylabel("chip power, 64x64 cores, 1 ms tick (mW)")
    ax.set_title("Model sweep vs TrueNorth's published envelope")
    ax.legend(fontsize=7, loc="upper left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=120)


def main(argv):
    cmds = {"heatmap": heatmap, "breakdown": breakdown, "sweep": sweep}
    if len(argv) != 4 or argv[1] not in cmds:
        sys.stderr.write(__doc__)
        return 2
    cmds[argv[1]](argv[2], argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
