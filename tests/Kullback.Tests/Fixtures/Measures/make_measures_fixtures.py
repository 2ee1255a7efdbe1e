#!/usr/bin/python3
"""Reference values of the discrete measures, computed with mpmath at 60 digits (never with Kullback itself).

Writes measures.jsonl.gz: line 1 is a header naming the tools; every other line is one case
  {"id", "p" | "p_logits" | "p_index", "q" | "q_logits", "base",
   "entropy", "cross_entropy", "kl", "reverse_kl", "js",            exact values (decimal strings, "Infinity")
   "entropy_lo", ..., "js_lo",                                       exact − double(exact), so errors are exact
   "entropy_bound", ..., "js_bound"}                                8·ε·Σ|terms|, ε = 2⁻⁵², in the case's base
Inputs are doubles written with repr (exact); mpmath converts them exactly. Conventions as in Kullback:
0·log 0 = 0, p > 0 with q = 0 gives +∞, and H, H(P,Q), D are clamped at 0, JS to [0, log 2].
Terms of the bound, per class i (logs in the case's base):
  entropy: |p log p|; cross_entropy: |p log q|; js: ½|p log(p/m)| + ½|q log(q/m)|, m = (p+q)/2;
  kl: |p log(p/q)| when both are probabilities or a class index; when either is given as logits the divergence
  is computed in log space and its terms are |p log p| + |p log q| (reverse_kl likewise with P and Q swapped).
Run: /usr/bin/python3 make_measures_fixtures.py   (numpy default_rng seeds are fixed; output is deterministic)
"""
import gzip, json, math, sys
import numpy as np
import mpmath
from mpmath import mp, mpf

mp.dps = 60
EPS = mpf(2) ** -52
LN2 = mp.log(2)


def exact(values):
    return [mpf(float(v)) for v in values]


def softmax_exact(z):
    finite = [v for v in z if v != float("-inf")]
    m = max(finite)
    ex = [mp.zero if v == float("-inf") else mp.exp(mpf(v) - m) for v in z]
    s = mp.fsum(ex)
    return [e / s for e in ex]


def xlogy(x, y):
    if x == 0:
        return mp.zero
    if y == 0:
        return mpf("-inf")
    return x * mp.log(y)


def measures(P, Q, base, p_logits, q_logits):
    lnb = mp.log(base)
    n = len(P)
    H = -mp.fsum(xlogy(p, p) for p in P)
    Hb = mp.fsum(abs(xlogy(p, p)) for p in P)
    CE = -mp.fsum(xlogy(p, q) for p, q in zip(P, Q))
    CEb = mp.fsum(abs(xlogy(p, q)) for p, q in zip(P, Q))

    def kl(A, B, logspace):
        total, bound = mp.zero, mp.zero
        for a, b in zip(A, B):
            if a == 0:
                continue
            if b == 0:
                return mpf("inf"), mpf("inf")
            t = a * mp.log(a / b)
            total += t
            bound += (abs(a * mp.log(a)) + abs(a * mp.log(b))) if logspace else abs(t)
        return total, bound

    logspace = p_logits or q_logits
    D, Db = kl(P, Q, logspace)
    R, Rb = kl(Q, P, logspace)
    JS, JSb = mp.zero, mp.zero
    for p, q in zip(P, Q):
        m = (p + q) / 2
        for x in (p, q):
            if x > 0:
                t = x * mp.log(x / m) / 2
                JS += t
                JSb += abs(t)
    out = {}
    for name, value, bound, hi in (("entropy", H, Hb, None), ("cross_entropy", CE, CEb, None), ("kl", D, Db, None),
                                   ("reverse_kl", R, Rb, None), ("js", JS, JSb, LN2)):
        if mpmath.isinf(value):
            out[name] = "Infinity"
            out[name + "_bound"] = 0.0
            continue
        v = max(value, mp.zero)
        if hi is not None:
            v = min(v, hi)
        v = v / lnb
        out[name] = mpmath.nstr(v, 30, min_fixed=-400, max_fixed=400) if v != 0 else "0"
        out[name + "_lo"] = float(v - mpf(float(v)))
        out[name + "_bound"] = float(8 * EPS * bound / abs(lnb))
    return out


def num(v):
    v = float(v)
    if v == float("-inf"):
        return "-Infinity"
    return v


cases = []


def add(case_id, base=math.e, p=None, q=None, p_logits=None, q_logits=None, p_index=None):
    case = {"id": case_id}
    if p is not None:
        p = [float(v) for v in p]; case["p"] = p; P = exact(p)
    if p_logits is not None:
        p_logits = [float(v) for v in p_logits]; case["p_logits"] = [num(v) for v in p_logits]; P = softmax_exact(p_logits)
    if p_index is not None:
        n = len(q) if q is not None else len(q_logits)
        case["p_index"] = int(p_index); P = [mp.one if i == p_index else mp.zero for i in range(n)]
    if q is not None:
        q = [float(v) for v in q]; case["q"] = q; Q = exact(q)
    if q_logits is not None:
        q_logits = [float(v) for v in q_logits]; case["q_logits"] = [num(v) for v in q_logits]; Q = softmax_exact(q_logits)
    if base != math.e:
        case["base"] = base
    case.update(measures(P, Q, mpf(base) if base != math.e else mp.e, p_logits is not None, q_logits is not None))
    cases.append(case)
    print(case_id, file=sys.stderr)


def bname(b):
    return "e" if b == math.e else f"{b:g}"


def dirichlet(rng, n, alpha=1.0):
    x = rng.dirichlet([alpha] * n)
    return x / x.sum()


rng = np.random.default_rng(20261129)
# The seed's example: the truth is a dog, the model says 90 % dog.
for b in (math.e, 2.0, 10.0):
    add(f"dog-cat-base-{bname(b)}", b, p=[1.0, 0.0], q=[0.9, 0.1])
add("dog-cat-index", p_index=0, q=[0.9, 0.1])
add("dog-cat-q-logits", p=[1.0, 0.0], q_logits=[2.1972245773362196, 0.0])
# Random Dirichlet P, Q of many lengths and bases.
for n in (1, 2, 3, 7, 10, 64, 257, 1000, 32000):
    for b in ((math.e, 2.0, 10.0) if n in (10, 1000) else (math.e,)):
        add(f"dirichlet-{n}-base-{bname(b)}", b, p=dirichlet(rng, n), q=dirichlet(rng, n))
# Very concentrated (tiny α): most mass on a few classes, many values near 1e-300 or below, some exact zeros.
for n in (100, 32000):
    add(f"concentrated-{n}", p=dirichlet(rng, n, 0.005), q=dirichlet(rng, n, 0.005) * 0.5 + dirichlet(rng, n, 1.0) * 0.5)
# Sparse: exact zeros in P (finite D(P‖Q), infinite D(Q‖P)), and zeros in Q where P > 0 (infinite D, H(P,Q)).
for n in (50, 5000):
    p = dirichlet(rng, n); p[rng.random(n) < 0.9] = 0.0; p /= p.sum()
    q = dirichlet(rng, n)
    add(f"sparse-p-{n}", p=p, q=q)
    q2 = q.copy(); q2[np.flatnonzero(p)[0]] = 0.0; q2 /= q2.sum()
    add(f"sparse-q-zero-where-p-positive-{n}", p=p, q=q2)
# Values near 1e-300 (and subnormals) beside one class holding almost all the mass.
for n in (5, 300):
    tiny_p = 1e-300 * (1 + rng.random(n - 1)); tiny_q = 1e-300 * (1 + rng.random(n - 1))
    tiny_q[0] = 5e-324; tiny_p[1] = 3e-310
    add(f"near-1e-300-{n}", p=np.concatenate([[1.0], tiny_p]), q=np.concatenate([[1.0], tiny_q]))
    add(f"near-1e-300-vs-dirichlet-{n}", p=np.concatenate([[1.0], tiny_p]), q=dirichlet(rng, n))
# Nearly identical P and Q: D, JS are second order in the difference.
for n, rel in ((10, 1e-6), (1000, 1e-9), (32000, 1e-12)):
    p = dirichlet(rng, n); q = p * (1 + rel * rng.standard_normal(n)); q /= q.sum()
    add(f"nearly-identical-{n}-{rel:g}", p=p, q=q)
p = dirichlet(rng, 1000)
add("identical-1000", p=p, q=p)
add("uniform-32000-base-2", 2.0, p=np.full(32000, 1 / 32000), q=np.full(32000, 1 / 32000))
# A class index (one-hot P).
for n in (3, 1000):
    q = dirichlet(rng, n)
    add(f"index-{n}", p_index=int(rng.integers(n)), q=q)
# Logits, −∞ included (masked classes).
for n in (4, 100, 32000):
    z = rng.standard_normal(n) * 3; z[rng.random(n) < 0.1] = float("-inf"); z[0] = 1.0
    y = rng.standard_normal(n) * 3; y[rng.random(n) < 0.1] = float("-inf"); y[1] = 0.5
    add(f"q-logits-{n}", p=dirichlet(rng, n), q_logits=z)
    add(f"p-logits-{n}", p_logits=y, q=dirichlet(rng, n))
    add(f"both-logits-{n}", p_logits=y, q_logits=z)
    add(f"index-q-logits-{n}", p_index=2, q_logits=z)
    z_masked_where_p = z.copy(); z_masked_where_p[3] = float("-inf")
    add(f"q-logits-masked-where-p-positive-{n}", p=dirichlet(rng, n), q_logits=z_masked_where_p)
z = rng.standard_normal(1000); z[7] = 40.0
add("q-logits-confident-1000", p_index=7, q_logits=z)
add("q-logits-confident-wrong-1000", p_index=8, q_logits=z)
add("large-logits-1000", p_logits=rng.standard_normal(1000) * 1e3, q_logits=rng.standard_normal(1000) * 1e3 + 5e5)
add("base-3-dirichlet-100", 3.0, p=dirichlet(rng, 100), q=dirichlet(rng, 100))

header = {"generator": "make_measures_fixtures.py", "tool": f"mpmath {mpmath.__version__}", "dps": mp.dps,
          "numpy": np.__version__, "python": sys.version.split()[0], "cases": len(cases),
          "bound": "8*2^-52*sum|terms| in the case's base; see the script's docstring for the terms"}
with gzip.GzipFile("measures.jsonl.gz", "wb", mtime=0) as f:
    f.write((json.dumps(header) + "\n").encode())
    for case in cases:
        f.write((json.dumps(case, allow_nan=False) + "\n").encode())
