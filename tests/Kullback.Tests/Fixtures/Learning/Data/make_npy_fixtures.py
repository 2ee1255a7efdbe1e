"""NPY fixtures for tests/Kullback.Tests/Cli/Train, made with numpy 1.24.2 (never with Kullback).

Run with Debian's python: /usr/bin/python3 make_npy_fixtures.py (from this folder; reads ../../../../../data/digits.csv.gz).
digits400_u1.npy: the first 400 rows of data/digits.csv.gz as uint8, shape (400, 65): 64 pixels 0-16 then the label.
fractional_label_f8.npy: float64 (3, 3) whose row 1 has the label 1.5.
cube_f4.npy: float32 (2, 2, 2), not a table.
"""
import gzip, numpy as np
d = np.loadtxt(gzip.open("../../../../../data/digits.csv.gz"), delimiter=",")
np.save("digits400_u1.npy", d[:400].astype(np.uint8))
np.save("fractional_label_f8.npy", np.array([[0.1, 0.2, 0], [0.3, 0.4, 1.5], [0.5, 0.6, 1]], dtype=np.float64))
np.save("cube_f4.npy", np.zeros((2, 2, 2), dtype=np.float32))
print("numpy", np.__version__)
