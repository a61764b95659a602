#!/usr/bin/env python3
"""Summarise a JMH text log (java -jar benchmarks.jar ... > log) per benchmark and parameter set.

For each benchmark: the per-iteration scores (p0.50 for SampleTime, the score otherwise), their median and
their best (lowest time or highest throughput), and JMH's own overall p0.50 / score. On a shared, noisy machine
the best iteration is the least disturbed one; report ratios of medians and of bests, measured in the same run.

Usage: python3 guardrails-benchmarks/jmh-summary.py LOG
"""
import re
import statistics
import sys

bench, params, mode = None, "", None
rows = {}
order = []
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"# Benchmark: \S+\.(\w+\.\w+)$", line.strip())
    if m:
        bench, params = m.group(1), ""
        continue
    m = re.match(r"# Parameters: \((.*)\)", line.strip())
    if m:
        params = m.group(1)
        continue
    m = re.match(r"# Benchmark mode: (.*)", line.strip())
    if m:
        mode = m.group(1)
        continue
    key = (bench, params)
    m = re.match(r"Iteration\s+\d+: ([\d.,]+) .*?(\S+)$", line.strip())
    if m and bench:
        if key not in rows:
            rows[key] = {"mode": mode, "unit": m.group(2), "scores": []}
            order.append(key)
        if not mode.startswith("Sampling"):
            rows[key]["scores"].append(float(m.group(1).replace(",", "")))
        continue
    m = re.match(r"p0\.50:\s+([\d.,]+)", line.strip())
    if m and key in rows and rows[key]["mode"].startswith("Sampling"):
        rows[key]["scores"].append(float(m.group(1).replace(",", "")))

for key in order:
    r = rows[key]
    s = r["scores"]
    if not s:
        continue
    higher_better = r["mode"].startswith("Throughput")
    best = max(s) if higher_better else min(s)
    label = key[0] + (" [" + key[1] + "]" if key[1] else "")
    kind = "score" if higher_better else "p0.50"
    print(f"{label:70s} {kind} per iteration {['%.3f' % x for x in s]} median {statistics.median(s):.3f}"
          f" best {best:.3f} {r['unit']}")
