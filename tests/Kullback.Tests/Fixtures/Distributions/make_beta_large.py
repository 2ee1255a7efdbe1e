#!/usr/bin/python3
"""Exact entropy of Beta(a, b) and D(Beta(a, b) ‖ N(0, 1)) for large a, b (issue 10, item 9), mpmath at 400 digits
(the closed form's terms cancel by ~log10(a) + 1 digits, so the precision must exceed the parameters' exponent).
H = log B(a,b) − (a−1)ψ(a) − (b−1)ψ(b) + (a+b−2)ψ(a+b);
D(Beta‖N(μ,σ)) = −H + ½ log(2πσ²) + (Var + (E − μ)²)/(2σ²).
Prints "a b H D" as repr(float(exact)); the values are pasted into tests/Kullback.Tests/Distributions/BetaLargeParameterTests.cs.
Run: /usr/bin/python3 make_beta_large.py
"""
import mpmath
from mpmath import mp, mpf

mp.dps = 400
print(f"# mpmath {mpmath.__version__}, dps {mp.dps}")
for a, b in ((50.0, 60.0), (100.0, 3000.0), (1e6, 2e6), (1e12, 1e12), (1e16, 1e16), (1e300, 1e300)):
    A, B = mpf(a), mpf(b)
    C = A + B
    H = mp.log(mp.beta(A, B)) if a < 1e200 else mp.loggamma(A) + mp.loggamma(B) - mp.loggamma(C)
    H = H - (A - 1) * mp.digamma(A) - (B - 1) * mp.digamma(B) + (C - 2) * mp.digamma(C)
    E = A / C
    V = A * B / (C * C * (C + 1))
    D = -H + mp.log(2 * mp.pi) / 2 + (V + E * E) / 2
    print(repr(a), repr(b), repr(float(H)), repr(float(D)))
