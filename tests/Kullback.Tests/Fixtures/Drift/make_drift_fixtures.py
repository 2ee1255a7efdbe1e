#!/usr/bin/python3
"""Reference values for Kullback's drift statistics, made by SciPy (versions recorded in the output).

    /usr/bin/python3 make_drift_fixtures.py > drift_reference.json
"""
import json, sys
import numpy as np, scipy
from scipy import stats
from scipy.spatial import distance

rng = np.random.default_rng(12)
out = {"tool": f"scipy {scipy.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}",
       "ks": [], "kstwo": [], "ks_formula": [], "z": [], "chi2": [], "wasserstein": [], "js": []}

def ks_case(a, b):
    r = stats.ks_2samp(a, b, method="auto")
    out["ks"].append({"a": [float(x) for x in a], "b": [float(x) for x in b], "statistic": float(r.statistic), "p_value": float(r.pvalue)})

for n1, n2, shift, dec in [(10, 10, 0.0, 3), (10, 10, 1.5, 3), (50, 50, 0.3, 1), (30, 47, 0.2, 2), (100, 250, 0.1, 3),
                           (200, 300, 0.4, 0), (7, 1000, 0.0, 3), (500, 600, 0.05, 3), (1000, 1000, 0.1, 2), (300, 9000, 0.02, 3),
                           (1, 5, 0.0, 3), (40, 60, 3.0, 3)]:
    a = np.round(rng.normal(0, 1, n1), dec); b = np.round(rng.normal(shift, 1, n2), dec)
    ks_case(a, b)

# Two-sample samples defined by a formula both sides can regenerate: x_i = ((i * p) mod q) / q + offset.
def formula(n, p, q, off):
    return (np.arange(n, dtype=np.int64) * p % q) / q + off
for n1, p1, q1, o1, n2, p2, q2, o2 in [(800, 7919, 10007, 0.0, 12000, 104729, 65521, 0.02), (1000, 31, 997, 0.0, 20000, 7919, 10007, 0.0),
                                       (150, 13, 1009, 0.0, 15000, 97, 4099, 0.3), (60, 17, 101, 0.0, 11000, 7, 1013, 0.05)]:
    a = formula(n1, p1, q1, o1); b = formula(n2, p2, q2, o2)
    r = stats.ks_2samp(a, b, method="auto")
    out["ks_formula"].append({"a": [n1, p1, q1, o1], "b": [n2, p2, q2, o2], "statistic": float(r.statistic), "p_value": float(r.pvalue)})

for n in [1, 2, 5, 10, 39, 100, 140, 141, 500, 1000, 5000]:
    for d in [0.001, 0.01, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5, 0.6, 0.8, 0.95]:
        out["kstwo"].append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})

def z_test(xr, nr, xc, nc):
    import math
    pooled = (xr + xc) / (nr + nc)
    se = math.sqrt(pooled * (1 - pooled) * (1 / nr + 1 / nc))
    if se == 0:
        return 0.0, 1.0
    z = (xr / nr - xc / nc) / se
    return z, 2 * stats.norm.sf(abs(z))
for xr, nr, xc, nc in [(50, 100, 50, 100), (30, 100, 70, 120), (1, 1000, 900, 1000), (500, 1000, 480, 1000), (0, 10, 0, 20), (3, 7, 1, 9)]:
    z, p = z_test(xr, nr, xc, nc)
    out["z"].append({"xr": xr, "nr": nr, "xc": xc, "nc": nc, "statistic": float(z), "p_value": float(p)})

for r, c in [([10, 20, 30], [12, 18, 33]), ([100, 5, 1, 40], [80, 30, 0, 41]), ([5], [9]), ([400, 300, 200, 100, 3], [100, 200, 300, 400, 0]),
             ([1000, 1], [10, 990])]:
    chi2, p, _, _ = stats.chi2_contingency(np.vstack([r, c]), correction=False)
    out["chi2"].append({"r": r, "c": c, "statistic": float(chi2), "p_value": float(p)})

for n1, n2, shift, scale in [(10, 10, 0.0, 1.0), (1001, 2000, 0.5, 1.0), (3000, 500, 0.0, 2.0), (2000, 2000, 0.05, 1.0)]:
    a = np.round(rng.normal(0, 1, n1), 4); b = np.round(rng.normal(shift, scale, n2), 4)
    w = stats.wasserstein_distance(a, b)
    out["wasserstein"].append({"a": [float(x) for x in a], "b": [float(x) for x in b], "distance": float(w), "std": float(np.std(a)), "normalized": float(w / np.std(a))})

for r, c in [([10, 20, 30], [12, 18, 33]), ([100, 5, 1, 40], [80, 30, 0, 41]), ([5, 0], [0, 9]), ([1, 1, 1, 1], [1, 1, 1, 1])]:
    r = np.array(r, float); c = np.array(c, float)
    out["js"].append({"r": r.tolist(), "c": c.tolist(), "distance": float(distance.jensenshannon(r / r.sum(), c / c.sum()))})

json.dump(out, sys.stdout)
