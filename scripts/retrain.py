#!/usr/bin/env python3
"""Retrain a shipped Eedn network or side-by-side set from scratch, teachers first.

Every network file records the command that trained it (provenance.command). A student's command
names its teacher set (--teacher), whose members have commands of their own, so the goal sets are
a chain of trainings, not one. This script follows that chain: it reads the commands, orders them
so each teacher set is retrained before its students, points every model path at --out-dir, and
runs them (up to --jobs at once). With --check each retrained network is compared, weights and
thresholds, with the shipped file it replaces: training is deterministic for a seed.

    scripts/retrain.py models/fashion-time8-distilled-side-by-side-5.eedn-list.json --out-dir re/
    scripts/retrain.py models/mnist-small.eedn.json --out-dir re/ --check
    scripts/retrain.py MODEL --dry-run            # the commands, in order, without running them

Model paths in the recorded commands are relative to the repository root (where they were run).
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL_SUFFIXES = (".eedn.json", ".eedn-list.json")


class PlanError(Exception):
    pass


def load_json(path, what):
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        raise PlanError(f"{what}: cannot read {path}: {e.strerror}")
    except json.JSONDecodeError as e:
        raise PlanError(f"{path}: not JSON ({e})")


class Plan:
    """Steps in dependency order: ("train", source, dest, argv) or ("list", source, dest, {name, members})."""

    def __init__(self, out_dir, eedn_train):
        self.out_dir = out_dir
        self.eedn_train = eedn_train
        self.steps = []
        self.dest_of = {}  # shipped file (absolute) -> its retrained path
        self.deps = {}  # retrained path -> retrained paths it needs first

    def dest(self, source):
        name = os.path.basename(source)
        for other, dest in self.dest_of.items():
            if os.path.basename(other) == name and other != source:
                raise PlanError(f"{source} and {other} would both be retrained as {dest}")
        return os.path.join(self.out_dir, name)

    def add(self, source, needed_by):
        source = os.path.abspath(source)
        if source in self.dest_of:
            return self.dest_of[source]
        if source in needed_by:
            raise PlanError("teacher cycle: " + " -> ".join(needed_by + [source]))
        if source.endswith(".eedn-list.json"):
            return self.add_list(source, needed_by + [source])
        if source.endswith(".eedn.json"):
            return self.add_network(source, needed_by + [source])
        raise PlanError(f"{source}: not a model file (expected a name ending in "
                        f"{' or '.join(MODEL_SUFFIXES)})")

    def add_list(self, source, chain):
        j = load_json(source, chain[-2] if len(chain) > 1 else "model")
        members = j.get("members")
        if not isinstance(members, list) or not members:
            raise PlanError(f"{source}: /members must be a non-empty list of network files")
        base = os.path.dirname(source)
        dests = [self.add(os.path.join(base, m), chain) for m in members]
        dest = self.dest(source)
        self.dest_of[source] = dest
        self.deps[dest] = dests
        self.steps.append(("list", source, dest,
                           {"name": j.get("name", ""), "members": [os.path.basename(d) for d in dests]}))
        return dest

    def add_network(self, source, chain):
        j = load_json(source, chain[-2] if len(chain) > 1 else "model")
        command = j.get("provenance", {}).get("command")
        if not isinstance(command, str) or not command.strip():
            raise PlanError(f"{source}: /provenance/command is missing: this network records no "
                            "command to retrain it")
        argv = shlex.split(command)
        if argv[0] != "eedn_train":
            raise PlanError(f"{source}: /provenance/command starts with {argv[0]!r}, "
                            "expected 'eedn_train'")
        dest = self.dest(source)
        self.dest_of[source] = dest
        needs = []
        out = []
        i = 1
        while i < len(argv):
            arg, value = argv[i], None
            if arg.startswith("--") and "=" in arg:
                arg, value = arg.split("=", 1)
            elif i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                value = argv[i + 1]
                i += 1
            i += 1
            if value is not None and arg == "--out":
                value = dest
            elif value is not None and any(v.endswith(MODEL_SUFFIXES) for v in value.split(",")):
                # An input network (--teacher, --refit, --mirror-twin, --ensemble): retrain it first.
                parts = []
                for v in value.split(","):
                    d = self.add(os.path.join(ROOT, v), chain)
                    needs.append(d)
                    parts.append(d)
                value = ",".join(parts)
            out.append(arg)
            if value is not None:
                out.append(value)
        if "--out" not in out:
            raise PlanError(f"{source}: /provenance/command has no --out")
        self.deps[dest] = needs
        self.steps.append(("train", source, dest, [self.eedn_train] + out))
        return dest


def same_network(a, b):
    ja, jb = (load_json(p, "--check") for p in (a, b))
    ja.pop("provenance", None)
    jb.pop("provenance", None)
    return ja == jb


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("model", help="a .eedn.json network or .eedn-list.json side-by-side set")
    p.add_argument("--out-dir", help="where the retrained files go (created)")
    p.add_argument("--eedn-train", default=os.path.join(ROOT, "build/apps/eedn_train/eedn_train"),
                   help="the eedn_train binary (default: %(default)s)")
    p.add_argument("--jobs", type=int, default=1,
                   help="trainings run at once, 1-64 (each command keeps its own --threads)")
    p.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    p.add_argument("--check", action="store_true",
                   help="compare each retrained network with the shipped file (all but provenance)")
    a = p.parse_args()
    if not 1 <= a.jobs <= 64:
        p.error(f"--jobs {a.jobs}: allowed range 1-64")
    if not a.out_dir and not a.dry_run:
        p.error("--out-dir is required unless --dry-run")
    out_dir = os.path.abspath(a.out_dir or "retrained")
    plan = Plan(out_dir, a.eedn_train)
    try:
        plan.add(a.model, [])
    except PlanError as e:
        print(f"retrain: {e}", file=sys.stderr)
        return 2
    trainings = sum(1 for s in plan.steps if s[0] == "train")
    print(f"retrain: {trainings} trainings for {a.model}, in dependency order", flush=True)
    for kind, source, dest, what in plan.steps:
        if kind == "train":
            print("  " + " ".join(shlex.quote(x) for x in what), flush=True)
        else:
            print(f"  write {dest} (members {', '.join(what['members'])})", flush=True)
    if a.dry_run:
        return 0
    if not os.access(a.eedn_train, os.X_OK):
        print(f"retrain: --eedn-train {a.eedn_train} is not an executable; build it with "
              "cmake --build build --target eedn_train", file=sys.stderr)
        return 2
    os.makedirs(out_dir, exist_ok=True)

    done, running, pending = set(), {}, list(plan.steps)
    failed = None
    while (pending or running) and failed is None:
        for step in list(pending):
            kind, source, dest, what = step
            if len(running) >= a.jobs or not all(d in done for d in plan.deps[dest]):
                continue
            pending.remove(step)
            if kind == "list":
                with open(dest, "w") as f:
                    json.dump({"format": "meridian-eedn-side-by-side", "version": 1, **what}, f,
                              indent=1)
                    f.write("\n")
                done.add(dest)
                continue
            log = open(dest + ".log", "w")
            print(f"retrain: training {os.path.basename(dest)} (log {dest}.log)", flush=True)
            running[dest] = (subprocess.Popen(what, cwd=ROOT, stdout=log, stderr=log), log,
                             time.time(), source)
        for dest, (proc, log, t0, source) in list(running.items()):
            if proc.poll() is None:
                continue
            log.close()
            del running[dest]
            if proc.returncode != 0:
                failed = f"{dest}: eedn_train exited with {proc.returncode}; see {dest}.log"
                break
            done.add(dest)
            verdict = ""
            if a.check and same_network(dest, source):
                verdict = ", identical to the shipped file"
            elif a.check:
                verdict = f", DIFFERS from {source}"
                failed = f"{dest} differs from {source} (weights, thresholds or layout)"
            print(f"retrain: {os.path.basename(dest)} done in {time.time() - t0:.0f} s{verdict}",
                  flush=True)
        time.sleep(0.2)
    for proc, log, _, _ in running.values():
        proc.terminate()
        log.close()
    if failed:
        print(f"retrain: {failed}", file=sys.stderr)
        return 1
    print(f"retrain: wrote {plan.steps[-1][2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
