"""Samples near ±1.8e308 for `kullback compare A B --method histogram` (issue 10, item 13: their range overflows, and
the edges were NaN). Run: /usr/bin/python3 make_extreme_histogram_fixtures.py in this folder.

The files hold x·2^1023 for moderate samples x (|x| < 2, so every value is finite, but max − min > 1.8e308). Scaling by a
power of two is exact, so the reference is numpy/SciPy on x itself and the closed form of the scaling: the histogram's
edges are numpy's edges × 2^1023, its counts (hence KL, JS, PSI) are unchanged, and the differential entropy of a
histogram density grows by log 2^1023 = 1023·ln 2. (numpy on the scaled values gives NaN edges: it is no reference there.)
"""
import json, math, numpy as np, scipy
from scipy.stats import entropy
from scipy.spatial.distance import jensenshannon

SCALE_LOG2 = 1023
rng = np.random.default_rng(1308)
xa = np.clip(rng.normal(0.0, 0.6, 200), -1.9, 1.9)
xb = np.clip(rng.normal(0.2, 0.7, 150), -1.9, 1.9)
for name, x in (("extreme_a.csv", xa), ("extreme_b.csv", xb)):
    with open(name, "w") as f:
        f.write("x\n"); [f.write(f"{math.ldexp(v, SCALE_LOG2)!r}\n") for v in x]

def reference(bins, alpha):
    edges = np.histogram_bin_edges(np.concatenate([xa, xb]), bins=bins)
    ha = np.histogram(xa, edges)[0].astype(float); hb = np.histogram(xb, edges)[0].astype(float)
    w = np.diff(edges)
    def hdiff(h):
        p = (h + alpha) / (h + alpha).sum(); m = p > 0
        return float(-(p[m] * np.log(p[m] / w[m])).sum())
    pa, pb = ha + alpha, hb + alpha
    return dict(edges_unscaled=[float(e) for e in edges], counts_a=ha.tolist(), counts_b=hb.tolist(),
                kl=float(entropy(pa, pb)), reverse_kl=float(entropy(pb, pa)), js=float(jensenshannon(pa, pb) ** 2),
                psi=float(entropy(pa, pb) + entropy(pb, pa)),
                entropy_a_unscaled=hdiff(ha), entropy_b_unscaled=hdiff(hb))

json.dump({"made_by": f"numpy {np.__version__}, scipy {scipy.__version__}; values are x·2^{SCALE_LOG2}",
           "scale_log2": SCALE_LOG2,
           "fd_jeffreys": reference("fd", 0.5),
           "sturges_jeffreys": reference("sturges", 0.5),
           "one_bin": reference(1, 0.0)},
          open("extreme_histogram_reference.json", "w"), indent=1)
