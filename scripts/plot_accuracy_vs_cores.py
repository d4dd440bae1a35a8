#!/usr/bin/python3
"""Accuracy against cores of the shipped Eedn networks (docs/RESULTS.md). Needs Debian's
python3-matplotlib and a built eedn_train.

  plot_accuracy_vs_cores.py EEDN_TRAIN OUT_DIR

Maps and evaluates every models/*.eedn.json and side-by-side list models/*.eedn-list.json on its
data set (`eedn_train --eval M --chip-check 1`:
integer-inference accuracy on the whole test split, cores of the mapping), writes
OUT_DIR/accuracy_vs_cores.csv and OUT_DIR/accuracy_vs_cores.png with the issue's goals.
The models are evaluated in parallel, one eedn_train process per CPU, each on one thread.
"""
import concurrent.futures
import csv
import glob
import json
import os
import re
import subprocess
import sys

from matplotlib_agg import plt  # noqa: E402

GOALS = {"mnist": 99.0, "fashion": 92.5}  # issue 7, on chip, <= 4096 cores


def dataset_of(model):
    j = json.load(open(model))
    if j.get("format") == "meridian-eedn-side-by-side":  # members share the data set
        return dataset_of(os.path.join(os.path.dirname(model), j["members"][0]))
    return j["provenance"]["dataset"]


def measure(eedn_train, model):
    dataset = dataset_of(model)
    out = subprocess.run([eedn_train, "--dataset", dataset, "--eval", model, "--chip-check", "1",
                          "--threads", "1"],
                         check=True, capture_output=True, text=True).stdout
    acc = re.search(r"test accuracy ([0-9.]+)%", out)
    cores = re.search(r"mapping: ([0-9]+) cores", out)
    if not acc or not cores:
        sys.exit(f"{model}: unexpected eedn_train output:\n{out}")
    return dataset, int(cores.group(1)), float(acc.group(1))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    eedn_train, out_dir = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    rows = []
    models = sorted(glob.glob(os.path.join(root, "models", "*.eedn.json")) +
                    glob.glob(os.path.join(root, "models", "*.eedn-list.json")))
    # Each evaluation is a separate process, so threads here only wait on them.
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = pool.map(lambda m: measure(eedn_train, m), models)
        for model, (dataset, cores, acc) in zip(models, results):
            rows.append((dataset, cores, acc, os.path.basename(model)))
            print(f"{os.path.basename(model)}: {dataset}, {cores} cores, {acc:.2f} %", flush=True)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "accuracy_vs_cores.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["dataset", "cores", "test_accuracy_percent", "model"])
        w.writerows(sorted(rows))
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for dataset, colour in (("mnist", "tab:blue"), ("fashion", "tab:orange")):
        pts = sorted((c, a) for d, c, a, _ in rows if d == dataset)
        if not pts:
            continue
        ax.plot([c for c, _ in pts], [a for _, a in pts], "o-", color=colour,
                label=f"{dataset} (shipped models)")
        ax.axhline(GOALS[dataset], color=colour, linestyle=":", linewidth=1,
                   label=f"{dataset} goal {GOALS[dataset]} %")
    ax.set_xscale("log")
    ax.set_xlabel("cores (after mapping, fan-out copies included)")
    ax.set_ylabel("test accuracy on chip (%)")
    ax.set_title("Eedn networks on Meridian: accuracy against cores")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "accuracy_vs_cores.png"), dpi=120)


if __name__ == "__main__":
    main()
