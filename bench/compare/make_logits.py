"""Writes the benchmark inputs of `kullback compare --logits` (never committed: 4096 x 32000 float32 is 524 MB each).
Usage: /usr/bin/python3 make_logits.py OUTDIR [ROWS] [VOCAB] [DTYPE_B]
A: logits of a reference model (Gaussian, scale 3); B: A plus small noise (a 'quantised copy'), cast to DTYPE_B
(float32 or float16); T: the 'observed' token per row drawn from softmax(A)."""
import os, sys, numpy as np
out = sys.argv[1]; rows = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
vocab = int(sys.argv[3]) if len(sys.argv) > 3 else 32000; dtype_b = sys.argv[4] if len(sys.argv) > 4 else "float32"
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(1234)
a = np.lib.format.open_memmap(f"{out}/A.npy", mode="w+", dtype=np.float32, shape=(rows, vocab))
b = np.lib.format.open_memmap(f"{out}/B.npy", mode="w+", dtype=dtype_b, shape=(rows, vocab))
t = np.empty(rows, dtype=np.int64)
for s in range(0, rows, 256):
    x = (rng.standard_normal((min(256, rows - s), vocab)) * 3).astype(np.float32)
    a[s:s + len(x)] = x
    b[s:s + len(x)] = (x + rng.standard_normal(x.shape).astype(np.float32) * 0.05).astype(dtype_b)
    p = np.exp(x.astype(np.float64) - x.max(1, keepdims=True)); c = np.cumsum(p, 1)
    u = rng.random(len(x)) * c[:, -1]
    t[s:s + len(x)] = np.minimum([np.searchsorted(ci, ui) for ci, ui in zip(c, u)], vocab - 1)
a.flush(); b.flush(); np.save(f"{out}/T.npy", t)
