#!/usr/bin/python3
"""SciPy references for energy_distance and Welch's ttest_ind.

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
json.dump(out, sys.stdout)
