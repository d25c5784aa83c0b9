#!/usr/bin/env python3
"""Prints docs/RESULTS.md table rows from the JSON-lines output of `learn --json` / `finetune --json`.

Usage: tools/results_table.py LABEL=FILE.jsonl ...   (the last line of each file is its result object)
Dense reference: the embedded model's test accuracy, taken from the result's baseAccuracy.
"""
import json
import sys


def result(path):
    with open(path) as f:
        lines = [l for l in f if l.strip()]
    r = json.loads(lines[-1])
    if r.get("event") != "result":
        raise SystemExit(f"{path}: last line is not a result object")
    return r


def pct(v):
    return "—" if v is None else f"{100 * v:.2f}"


def main(args):
    print("| run | status | params | MACs | MAC reduction | validation % (compress-only → fine-tuned) "
          "| test % (one-shot at same ranks → compress-only → fine-tuned) | Δ test vs dense "
          "| latency ms, batch 128 (dense → factorized) | wall (learn + fine-tune) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for a in args:
        label, path = a.rsplit("=", 1)  # labels may contain "="
        r = result(path)
        if "params" not in r:  # a failed run: its result object carries only the status and the message
            print(f"| {label} | {r['status']}: {r.get('statusMessage', '')} | | | | | | | | |")
            continue
        base = r.get("baseAccuracy")
        ft = r.get("fineTunedAccuracy")
        delta = "—" if ft is None or base is None else f"{100 * (ft - base):+.2f} pp"
        lat = "—" if r.get("latencyMs") is None else f"{r['baseLatencyMs']:.1f} → {r['latencyMs']:.1f}"
        wall = f"{r['wallSeconds'] / 60:.1f} min ({r['learnSeconds'] / 60:.1f} + {r['fineTuneSeconds'] / 60:.1f})"
        print(f"| {label} | {r['status']} | {r['params']:,} | {r['macs']:,} | {r['macReduction']:.2f}× "
              f"| {pct(r.get('compressedValidationAccuracy'))} → {pct(r.get('fineTunedValidationAccuracy'))} "
              f"| {pct(r.get('directAccuracy'))} → {pct(r.get('compressedAccuracy'))} → **{pct(ft)}** "
              f"| {delta} | {lat} | {wall} |")


if __name__ == "__main__":
    main(sys.argv[1:])
