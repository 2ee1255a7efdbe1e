"""Writes the 50,000 x 20 regression table of the `kullback mi` benchmark (kept out of git).
Usage: make_mi_bench_data.py OUT.csv"""
import sys
import numpy as np

rng = np.random.default_rng(1)
n = 50000
y = rng.normal(size=n)
X = np.column_stack([y * rng.uniform(0, 1) + rng.normal(size=n) * (j + 1) / 5 if j % 2 == 0 else np.sin(y * (j + 1)) + rng.normal(size=n)
                     for j in range(20)])
names = [f"f{j}" for j in range(20)] + ["y"]
np.savetxt(sys.argv[1], np.column_stack([X, y]), delimiter=",", header=",".join(names), comments="", fmt="%.17g")
