# Minimax coefficients of the float exp polynomial in src/Kullback/Kernels/FloatExp.cs: e^r ≈ 1 + r + r²·P(r) on
# |r| ≤ 1.02·ln2/2, P of degree DEG (argument, default 4), weighted (Lawson) least squares in double on a fine grid
# approaching the minimax relative error; prints the error with double and with float coefficients.
# Run: /usr/bin/python3 scripts/float_exp_minimax.py 4   (numpy + mpmath from Debian)
import numpy as np, mpmath as mp, struct, sys
deg = int(sys.argv[1]) if len(sys.argv) > 1 else 4
A = 0.3466 * 1.02
r = np.linspace(-A, A, 20001); r = r[np.abs(r) > 1e-6]
mp.mp.dps = 30
g = np.array([float((mp.e**mp.mpf(x) - 1 - mp.mpf(x)) / mp.mpf(x)**2) for x in r])
w = r**2 / np.exp(r)
V = np.vander(r, deg + 1, increasing=True) * w[:, None]
b = g * w
u = np.ones_like(r) / len(r)
for it in range(500):
    s = np.sqrt(u)
    c, *_ = np.linalg.lstsq(V * s[:, None], b * s, rcond=None)
    e = np.abs(V @ c - b)
    u = u * e; u /= u.sum()
print("deg", deg, "max rel err (double coeffs)", np.abs(V @ c - b).max())
cf = np.array([struct.unpack('f', struct.pack('f', x))[0] for x in c], dtype=np.float64)
print("max rel err (float coeffs)", np.abs(V @ cf - b).max())
for x in cf: print("%.10ef" % x, repr(np.float32(x)))
