#!/usr/bin/python3
"""Coefficients of the series about 2 used by src/Kullback/Distributions/GammaFunctions.cs (mpmath, 40 digits):
log Γ(2 + z) = (1 − γ) z + Σ_{k≥2} c_k z^k / k and ψ(2 + z) = (1 − γ) + Σ_{k≥2} c_k z^(k−1), with c_k = (−1)^k (ζ(k) − 1).
Prints the C# array literal, and writes gamma_functions.json: log Γ(x) and ψ(x) at x from 1e-300 to 1e300 (the points
tests/Kullback.Tests/Distributions/GammaFunctionsTests.cs checks to about an ulp). Run: /usr/bin/python3 tests/Kullback.Tests/Fixtures/Distributions/make_gamma_series.py
"""
import json, os
import mpmath
from mpmath import mp, zeta, euler

mp.dps = 40
print(f"// mpmath {mpmath.__version__}: 1 − γ = {repr(float(1 - euler))}")
print(", ".join(repr(float((-1) ** k * (zeta(k) - 1))) for k in range(2, 33)))

xs = [1e-300, 1e-20, 1e-8, 0.001, 0.1, 0.25, 0.4, 0.5, 0.7, 0.8, 0.9, 0.999, 1.0, 1.001, 1.25, 1.4616321449683622, 1.5, 1.75,
      1.999, 2.0, 2.001, 2.25, 2.4999999999999996, 2.5, 3.0, 3.5, 4.5, 5.0, 7.25, 10.0, 15.999999999999998, 16.0, 16.5, 20.0,
      50.0, 60.0, 123.456, 1e4, 1e8, 1e16, 1e100, 1e300]
rows = [{"x": x, "log_gamma": float(mpmath.loggamma(mpmath.mpf(x))), "digamma": float(mpmath.digamma(mpmath.mpf(x)))} for x in xs]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "gamma_functions.json"), "w") as f:
    json.dump({"tool": f"mpmath {mpmath.__version__}, {mp.dps} digits", "what": "log Gamma(x) and digamma(x)", "points": rows}, f, indent=1)
    f.write("\n")
