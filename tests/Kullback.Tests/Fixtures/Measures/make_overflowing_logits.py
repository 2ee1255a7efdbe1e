#!/usr/bin/python3
"""Exact values (mpmath, 50 digits) of the measures on logits whose differences overflow a double (issue 10, item 1).

softmax is computed exactly in mpmath (its exponent range is unbounded, so exp(-2e308) is a tiny positive number,
not 0). Prints one line per case: id, entropy, cross_entropy, kl, reverse_kl, js in nats, as repr(float(exact)).
The values are pasted into tests/Kullback.Tests/Measures/OverflowingLogitsTests.cs.
Run: /usr/bin/python3 make_overflowing_logits.py
"""
import mpmath
from mpmath import mp, mpf

mp.dps = 50


def softmax(z):
    m = max(mpf(v) for v in z)
    ex = [mp.exp(mpf(v) - m) for v in z]
    s = mp.fsum(ex)
    return [e / s for e in ex]


def xlogy(x, y):
    return mp.zero if x == 0 else x * mp.log(y)


def kl(a, b):
    return mp.fsum(xlogy(x, x) - xlogy(x, y) for x, y in zip(a, b))


def js(a, b):
    m = [(x + y) / 2 for x, y in zip(a, b)]
    return (kl(a, m) + kl(b, m)) / 2


def show(v):
    f = float(v)
    return repr(f)


cases = [
    ("p-logits-vs-half", softmax([1e308, -1e308]), [mpf(0.5), mpf(0.5)]),
    ("p-one-hot-vs-q-logits", [mp.one, mp.zero], softmax([1e308, -1e308])),
    ("p-one-hot-vs-q-logits-reversed", [mp.one, mp.zero], softmax([-1e308, 1e308])),
    ("both-logits", softmax([1e308, -1e308, 0.0]), softmax([0.0, -1e308, 1e308])),
]
print(f"# mpmath {mpmath.__version__}, dps {mp.dps}")
for cid, p, q in cases:
    H = -mp.fsum(xlogy(x, x) for x in p)
    CE = -mp.fsum(xlogy(x, y) for x, y in zip(p, q))
    print(cid, show(H), show(CE), show(kl(p, q)), show(kl(q, p)), show(js(p, q)))
