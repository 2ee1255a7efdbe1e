#!/usr/bin/python3
"""scipy.stats.permutation_test (independent, alternative='greater') on small samples whose C(n, n_r) splits are all
enumerated (exact test), for W1/std(ref), energy_distance and KS D.

    /usr/bin/python3 make_permutation_fixtures.py > permutation_reference.json
"""
import json, sys
import numpy as np, scipy
from scipy import stats

rng = np.random.default_rng(11)
stat = {"wasserstein": lambda x, y: stats.wasserstein_distance(x, y) / np.std(x),
        "energy": lambda x, y: stats.energy_distance(x, y),
        "ks": lambda x, y: stats.ks_2samp(x, y).statistic}
out = {"tool": f"scipy {scipy.__version__}, numpy {np.__version__}", "cases": []}
for a, b, method in [(rng.normal(0, 1, 5), rng.normal(1.5, 1, 6), "wasserstein"), (rng.normal(0, 1, 6), rng.normal(0, 1, 6), "energy"),
                     (np.round(rng.normal(0, 1, 7), 0), np.round(rng.normal(0.5, 1, 5), 0), "wasserstein"), (rng.normal(0, 1, 4), rng.normal(3, 1, 4), "energy")]:
    r = stats.permutation_test((a, b), lambda x, y: stat[method](x, y), permutation_type="independent", vectorized=False,
                               n_resamples=10000, alternative="greater")
    out["cases"].append({"a": a.tolist(), "b": b.tolist(), "method": method, "statistic": float(r.statistic), "p": float(r.pvalue)})
json.dump(out, sys.stdout)
