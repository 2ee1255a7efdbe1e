#!/usr/bin/python3
"""SciPy references (pandas for the end-to-end table cases) for cramervonmises_2samp (method auto: exact and asymptotic), anderson_ksamp (midrank, k = 2:
interpolated and capped p-values), and the binned distances (PSI = entropy(p,q) + entropy(q,p), KL = entropy(p,q),
Hellinger = sqrt(sum((sqrt p - sqrt q)^2))/sqrt 2 as Evidently writes it, TV = sum|p - q|/2) on reference-decile bins
(np.quantile, linear) and on category counts.

    /usr/bin/python3 make_more_methods_fixtures.py > more_methods_reference.json
"""
import json, math, sys, warnings
import numpy as np, scipy
from scipy import stats

warnings.simplefilter("ignore")
rng = np.random.default_rng(2026)


def num(x):
    x = float(x)
    return x if math.isfinite(x) else ("Infinity" if x > 0 else "NaN")


out = {"tool": f"scipy {scipy.__version__}, numpy {np.__version__}", "cvm": [], "anderson": [], "binned": [], "categorical": []}
for a, b in [(rng.normal(0, 1, 7), rng.normal(0, 2, 6)), (rng.normal(0, 1, 20), rng.normal(0.8, 1, 15)),
             (np.round(rng.normal(0, 1, 12), 0), np.round(rng.normal(0.5, 1, 9), 0)), (rng.normal(0, 1, 2), rng.normal(0, 1, 3)),
             (rng.normal(0, 1, 10), rng.normal(3, 1, 10)),
             (rng.normal(0, 1, 21), rng.normal(0, 1, 30)), (rng.normal(0, 1, 500), rng.normal(0.15, 1, 400)),
             (np.round(rng.normal(0, 1, 3000), 1), np.round(rng.normal(0.05, 1.1, 2000), 1)), (rng.normal(0, 1, 100), rng.normal(2, 1, 100))]:
    r = stats.cramervonmises_2samp(a, b, method="auto")
    out["cvm"].append({"a": a.tolist(), "b": b.tolist(), "t": num(r.statistic), "p": num(r.pvalue)})
for a, b in [(rng.normal(0, 1, 50), rng.normal(0, 1, 60)), (rng.normal(0, 1, 200), rng.normal(0.25, 1, 150)),
             (rng.normal(0, 1, 300), rng.normal(0.2, 1, 300)), (np.round(rng.normal(0, 1, 400), 1), np.round(rng.normal(0.1, 1, 500), 1)),
             (rng.normal(0, 1, 100), rng.normal(2, 1, 100)), (rng.normal(0, 1, 5), rng.normal(0, 1, 4)),
             (rng.integers(0, 4, 80).astype(float), rng.integers(0, 4, 70).astype(float))]:
    r = stats.anderson_ksamp([a, b], midrank=True)
    out["anderson"].append({"a": a.tolist(), "b": b.tolist(), "statistic": num(r.statistic), "p": num(r.significance_level)})


def distances(p, q):
    return {"psi": num(stats.entropy(p, q) + stats.entropy(q, p)), "kl": num(stats.entropy(p, q)),
            "hellinger": num(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / np.sqrt(2)), "total_variation": num(0.5 * np.sum(np.abs(p - q)))}


for a, b, bins in [(rng.normal(0, 1, 1000), rng.normal(0.2, 1.1, 800), 10), (rng.normal(0, 1, 37), rng.normal(0, 1, 50), 10),
                   (np.round(rng.normal(0, 1, 2000), 0), np.round(rng.normal(0.3, 1, 1500), 0), 10),
                   (rng.normal(0, 1, 500), rng.normal(4, 0.1, 300), 10), (rng.exponential(1, 3001), rng.exponential(1.2, 2999), 20)]:
    edges = np.unique(np.quantile(a, np.arange(1, bins) / bins))
    cr = np.bincount(np.searchsorted(edges, a, side="right"), minlength=len(edges) + 1)
    cc = np.bincount(np.searchsorted(edges, b, side="right"), minlength=len(edges) + 1)
    p, q = cr / cr.sum(), cc / cc.sum()
    out["binned"].append({"a": a.tolist(), "b": b.tolist(), "bins": bins, "edges": edges.tolist(), "ref_counts": cr.tolist(),
                          "cur_counts": cc.tolist(), **distances(p, q)})
for cr, cc in [([50, 30, 20], [45, 35, 20]), ([10, 0, 5], [3, 7, 5]), ([100, 200], [120, 180]), ([7, 3, 1, 9], [0, 3, 1, 9])]:
    cr, cc = np.array(cr), np.array(cc)
    out["categorical"].append({"ref_counts": cr.tolist(), "cur_counts": cc.tolist(), **distances(cr / cr.sum(), cc / cc.sum())})
# End to end: the small tables read by pandas (missing cells dropped), as `kullback drift --method COL=METHOD` sees them.
import os, pandas as pd
here = os.path.dirname(os.path.abspath(__file__))
ref = pd.read_csv(os.path.join(here, "tables", "small_reference.csv"))
cur = pd.read_csv(os.path.join(here, "tables", "small_current.csv"))
out["tables"] = []
for col, method in [("mean_shift", "cramer_von_mises"), ("variance_shift", "anderson"), ("missing_numeric", "psi"), ("same", "hellinger"),
                    ("new_category", "psi"), ("proportion", "total_variation"), ("category_same", "kl")]:
    a, b = ref[col].dropna(), cur[col].dropna()
    if a.dtype == object:
        cats = sorted(set(a) | set(b))
        cr = np.array([(a == k).sum() for k in cats]); cc = np.array([(b == k).sum() for k in cats])
        stat, p = distances(cr / cr.sum(), cc / cc.sum())[method], None
    elif method == "cramer_von_mises":
        r = stats.cramervonmises_2samp(a.to_numpy(), b.to_numpy()); stat, p = num(r.statistic), num(r.pvalue)
    elif method == "anderson":
        r = stats.anderson_ksamp([a.to_numpy(), b.to_numpy()]); stat, p = num(r.statistic), num(r.significance_level)
    else:
        x, y = np.sort(a.to_numpy()), np.sort(b.to_numpy())
        edges = np.unique(np.quantile(x, np.arange(1, 10) / 10))
        cr = np.bincount(np.searchsorted(edges, x, side="right"), minlength=len(edges) + 1)
        cc = np.bincount(np.searchsorted(edges, y, side="right"), minlength=len(edges) + 1)
        stat, p = distances(cr / cr.sum(), cc / cc.sum())[method], None
    out["tables"].append({"column": col, "method": method, "statistic": stat, "p_value": p})
out["tool"] += f", pandas {pd.__version__}"
json.dump(out, sys.stdout)
