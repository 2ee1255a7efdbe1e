#!/usr/bin/python3
"""SciPy references for energy_distance, Welch's ttest_ind and mannwhitneyu (method auto).

    /usr/bin/python3 make_numeric_test_fixtures.py > numeric_tests_reference.json
"""
import json, sys
import numpy as np, scipy
from scipy import stats
rng = np.random.default_rng(99)
out = {"tool": f"scipy {scipy.__version__}, numpy {np.__version__}", "cases": []}
for n1, n2, shift, scale in [(5, 7, 0.0, 1.0), (50, 80, 0.5, 2.0), (1000, 300, 0.05, 1.0), (2000, 2500, 0.0, 1.5), (10, 10, 3.0, 0.1)]:
    a = np.round(rng.normal(0, 1, n1), 3); b = np.round(rng.normal(shift, scale, n2), 3)
    t = stats.ttest_ind(a, b, equal_var=False)
    out["cases"].append({"a": a.tolist(), "b": b.tolist(), "energy": float(stats.energy_distance(a, b)),
                         "t": float(t.statistic), "t_p": float(t.pvalue)})
out["mwu"] = []
for a, b in [(rng.normal(0, 1, 5), rng.normal(1, 1, 7)), (rng.normal(0, 1, 8), rng.normal(0, 1, 300)), (rng.normal(0, 1, 3), rng.normal(0.2, 1, 4)),
             (np.round(rng.normal(0, 1, 6), 0), np.round(rng.normal(0, 1, 9), 0)), (rng.normal(0, 1, 200), rng.normal(0.3, 1, 150)),
             (np.round(rng.normal(0, 1, 500), 1), np.round(rng.normal(0.1, 1, 400), 1)), (rng.normal(0, 1, 8), rng.normal(5, 1, 8))]:
    r = stats.mannwhitneyu(a, b, method="auto")
    out["mwu"].append({"a": a.tolist(), "b": b.tolist(), "u": float(r.statistic), "p": float(r.pvalue)})
json.dump(out, sys.stdout)
