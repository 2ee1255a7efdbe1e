#!/usr/bin/python3
"""Reference p-value corrections by formula in NumPy (statsmodels is not installed and SciPy 1.10 has no
false_discovery_control): Bonferroni min(1, m p); Benjamini-Hochberg as statsmodels multipletests(method='fdr_bh'):
sort ascending, m p_(j) / j, running minimum from the largest rank down, clipped at 1, back to input order.

    /usr/bin/python3 make_multiple_testing_fixtures.py > multiple_testing_reference.json
"""
import json, sys
import numpy as np

rng = np.random.default_rng(5)
out = {"tool": f"numpy {np.__version__} (formula)", "cases": []}
for p in [rng.uniform(0, 1, 10), rng.uniform(0, 0.05, 7), np.array([0.01, 0.04, 0.04, 0.2, 0.001, 1.0]), np.array([0.3]),
          np.concatenate([rng.uniform(0, 1e-6, 5), rng.uniform(0, 1, 20)])]:
    m = len(p)
    bonf = np.minimum(1, p * m)
    order = np.argsort(p, kind="mergesort")
    ranked = p[order] * m / np.arange(1, m + 1)
    bh_sorted = np.minimum(1, np.minimum.accumulate(ranked[::-1])[::-1])
    bh = np.empty(m); bh[order] = bh_sorted
    out["cases"].append({"p": p.tolist(), "bonferroni": bonf.tolist(), "bh": bh.tolist()})
json.dump(out, sys.stdout)
