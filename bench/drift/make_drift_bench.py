#!/usr/bin/python3
"""1,000,000 + 1,000,000 rows x 22 columns (16 float, 3 integer 0..999, 3 text of 6 values), about 690 MB of CSV.

    /usr/bin/python3 bench/drift/make_drift_bench.py /tmp
"""
import numpy as np, pandas as pd, sys
rng = np.random.default_rng(7)
def t(n, shift):
    d = {}
    for i in range(16): d[f"num{i}"] = rng.normal(shift * (i % 3), 1, n)
    for i in range(3): d[f"int{i}"] = rng.integers(0, 1000, n)
    for i in range(3): d[f"cat{i}"] = rng.choice(["alpha", "beta", "gamma", "delta", "epsilon", "zeta"], n)
    return pd.DataFrame(d)
t(1_000_000, 0.0).to_csv(sys.argv[1] + "/drift_ref.csv", index=False)
t(1_000_000, 0.1).to_csv(sys.argv[1] + "/drift_cur.csv", index=False)
