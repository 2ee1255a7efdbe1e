#!/usr/bin/python3
"""Reference values of the divergence families, computed with mpmath at 60 digits (never with Kullback itself).

Writes divergences.jsonl.gz: line 1 is a header naming the tools; every other line is one case
  {"id", "p", "q", "base", "values": {name: exact decimal string | "Infinity"}, "lo": {name: exact − double(exact)},
   "bound": {name: 8·ε·Σ|terms| propagated to the value, ε = 2⁻⁵²}}
or a generalised-JS case {"id", "gjs": [[...], ...], "weights", "base", "values": {"gjs"}, ...}.
Names are those of `kullback measure --divergences`: hellinger, bhattacharyya, total_variation, chi2, renyi:A,
tsallis:A, renyi_entropy:A, tsallis_entropy:A (A = "inf" for α = ∞). Definitions (sums over p_i > 0, 0·log 0 = 0):
  H = sqrt(1 − Σ√(p q)); D_B = −ln Σ√(p q); TV = ½Σ|p − q|; χ² = Σ (p − q)²/q (+∞ where q = 0 < p);
  D_α = ln(Σ p^α q^(1−α))/(α − 1), D_∞ = ln max p/q; Tsallis (Σ p^α q^(1−α) − 1)/(α − 1);
  H_α = ln(Σ p^α)/(1 − α), H_0 = ln|supp P|, H_∞ = −ln max p; S_α = (1 − Σ p^α)/(α − 1);
  GJS = H(Σ w_j P_j) − Σ w_j H(P_j).
Clamps as in Kullback: H, TV ∈ [0, 1]; divergences ≥ 0; H_α ∈ [0, ln n].
Terms of the bounds (the hellinger bound is on H², the test compares the square of the computed H):
  H²: 1 + Σ(½p + ½q + ½(√p − √q)²); D_B: that / BC; TV: Σ½|p − q|; χ²: Σ(p − q)²/q;
  D_α and Tsallis: (1 + Σ q + Σ|p^α q^(1−α) − q|) / (|α − 1|·S) and / |α − 1|; D_∞: |D_∞|;
  H_α: 1/|1 − α| + |H_α|; S_α: (1 + Σ p^α)/|α − 1|; GJS: Σ w_j p_ji |ln(p_ji/m_i)|.
Units: the log-based measures (bhattacharyya, renyi, renyi_entropy, gjs) are divided by ln(base); the others are unitless.
Run: /usr/bin/python3 make_divergence_fixtures.py   (numpy default_rng seed fixed; output deterministic)
"""
import gzip, json, math, sys
import numpy as np
import mpmath
from mpmath import mp, mpf

mp.dps = 60
EPS = mpf(2) ** -52
INF = mpf("inf")
LOG_BASED = ("bhattacharyya", "renyi", "renyi_entropy", "gjs")


def exact(values):
    return [mpf(float(v)) for v in values]


def power_sum(P, Q, a):
    s, t = mp.zero, mp.zero
    for p, q in zip(P, Q):
        if p == 0:
            t += q
            continue
        if q == 0:
            if a > 1:
                return INF, INF
            continue
        x = p ** a * q ** (1 - a)
        s += x
        t += abs(x - q)
    return s, t


def family(P, Q, lnb):
    n = len(P)
    out = {}
    bc = mp.fsum(mp.sqrt(p * q) for p, q in zip(P, Q))
    h2 = 1 - bc
    h2_terms = 1 + mp.fsum(p / 2 + q / 2 + (mp.sqrt(p) - mp.sqrt(q)) ** 2 / 2 for p, q in zip(P, Q))
    out["hellinger"] = (min(max(h2, 0), 1), h2_terms)        # value is H², see docstring
    out["bhattacharyya"] = (INF, 0) if bc == 0 else (max(-mp.log(bc), 0), h2_terms / bc)
    out["total_variation"] = (min(mp.fsum(abs(p - q) for p, q in zip(P, Q)) / 2, 1), mp.fsum(abs(p - q) for p, q in zip(P, Q)) / 2)
    if any(q == 0 and p > 0 for p, q in zip(P, Q)):
        out["chi2"] = (INF, 0)
    else:
        c = mp.fsum((p - q) ** 2 / q for p, q in zip(P, Q) if q > 0)
        out["chi2"] = (c, c)
    sq = mp.fsum(Q)
    for a in (mpf(0.5), mpf(2), mpf(3.7), mpf(0.999), mpf(1.000001)):
        name = repr(float(a)).removesuffix(".0")
        s, t = power_sum(P, Q, a)
        if s == INF:
            out[f"renyi:{name}"] = (INF, 0)
            if a in (mpf(0.5), mpf(2)):
                out[f"tsallis:{name}"] = (INF, 0)
            continue
        terms = 1 + sq + t
        out[f"renyi:{name}"] = (INF, 0) if s == 0 else (max(mp.log(s) / (a - 1), 0), terms / (abs(a - 1) * s))
        if a in (mpf(0.5), mpf(2)):
            out[f"tsallis:{name}"] = (max((s - 1) / (a - 1), 0), terms / abs(a - 1))
    if any(q == 0 and p > 0 for p, q in zip(P, Q)):
        out["renyi:inf"] = (INF, 0)
    else:
        d = max(max(mp.log(p / q) for p, q in zip(P, Q) if p > 0), 0)
        out["renyi:inf"] = (d, abs(d))
    lnn = mp.log(n)
    for a in (mpf(0), mpf(0.5), mpf(2), mpf(3.7)):
        name = repr(float(a)).removesuffix(".0")
        s = mp.fsum((mp.one if a == 0 else p ** a) for p in P if p > 0)
        h = min(max(mp.log(s) / (1 - a), 0), lnn)
        out[f"renyi_entropy:{name}"] = (h, 1 / abs(1 - a) + abs(h))
        if a != mpf(3.7):
            out[f"tsallis_entropy:{name}"] = (max((1 - s) / (a - 1), 0), (1 + s) / abs(a - 1))
    h = min(max(-mp.log(max(P)), 0), lnn)
    out["renyi_entropy:inf"] = (h, abs(h))
    return out


def emit(case, values, lnb):
    case["values"], case["lo"], case["bound"] = {}, {}, {}
    for name, (value, terms) in values.items():
        family_name = name.split(":")[0]
        scale = lnb if family_name in LOG_BASED else mp.one
        if value == INF:
            case["values"][name] = "Infinity"
            case["lo"][name] = 0.0
            case["bound"][name] = 0.0
            continue
        v = value / scale
        case["values"][name] = mpmath.nstr(v, 30, min_fixed=-400, max_fixed=400) if v != 0 else "0"
        case["lo"][name] = float(v - mpf(float(v)))
        case["bound"][name] = max(float(8 * EPS * terms / abs(scale)), 1e-300)


cases = []


def add(case_id, p, q, base=math.e):
    p = [float(v) for v in p]; q = [float(v) for v in q]
    case = {"id": case_id, "p": p, "q": q}
    if base != math.e:
        case["base"] = base
    lnb = mp.log(mpf(base)) if base != math.e else mp.one
    emit(case, family(exact(p), exact(q), lnb), lnb)
    cases.append(case)
    print(case_id, file=sys.stderr)


def add_gjs(case_id, rows, weights, base=math.e):
    rows = [[float(v) for v in r] for r in rows]
    case = {"id": case_id, "gjs": rows}
    if weights is not None:
        case["weights"] = [float(w) for w in weights]
        W = exact(weights)
    else:
        W = [mpf(1) / len(rows)] * len(rows)
    if base != math.e:
        case["base"] = base
    lnb = mp.log(mpf(base)) if base != math.e else mp.one
    P = [exact(r) for r in rows]
    total, terms = mp.zero, mp.zero
    for i in range(len(rows[0])):
        m = mp.fsum(w * r[i] for w, r in zip(W, P))
        for w, r in zip(W, P):
            if w > 0 and r[i] > 0:
                t = w * r[i] * mp.log(r[i] / m)
                total += t
                terms += abs(t)
    emit(case, {"gjs": (max(total, 0), terms)}, lnb)
    cases.append(case)
    print(case_id, file=sys.stderr)


def dirichlet(rng, n, alpha=1.0):
    x = rng.dirichlet([alpha] * n)
    return x / x.sum()


rng = np.random.default_rng(20261201)
add("dog-cat", [1.0, 0.0], [0.9, 0.1])
add("dog-cat-base-2", [1.0, 0.0], [0.9, 0.1], 2.0)
add("disjoint", [1.0, 0.0], [0.0, 1.0])
for n in (1, 2, 3, 7, 10, 257, 1000):
    for b in ((math.e, 2.0, 10.0) if n == 10 else (math.e,)):
        add(f"dirichlet-{n}-base-{'e' if b == math.e else f'{b:g}'}", dirichlet(rng, n), dirichlet(rng, n), b)
add("concentrated-100", dirichlet(rng, 100, 0.005), dirichlet(rng, 100, 0.005) * 0.5 + dirichlet(rng, 100) * 0.5)
for n in (50, 500):
    p = dirichlet(rng, n); p[rng.random(n) < 0.9] = 0.0; p /= p.sum()
    q = dirichlet(rng, n)
    add(f"sparse-p-{n}", p, q)
    add(f"sparse-p-reversed-{n}", q, p)
    q2 = q.copy(); q2[np.flatnonzero(p)[0]] = 0.0; q2 /= q2.sum()
    add(f"q-zero-where-p-positive-{n}", p, q2)
for n in (5, 300):
    tiny_p = 1e-300 * (1 + rng.random(n - 1)); tiny_q = 1e-300 * (1 + rng.random(n - 1))
    tiny_q[0] = 5e-324; tiny_p[1] = 3e-310
    add(f"near-1e-300-{n}", np.concatenate([[1.0], tiny_p]), np.concatenate([[1.0], tiny_q]))
for n, rel in ((10, 1e-6), (1000, 1e-9)):
    p = dirichlet(rng, n); q = p * (1 + rel * rng.standard_normal(n)); q /= q.sum()
    add(f"nearly-identical-{n}-{rel:g}", p, q)
p = dirichlet(rng, 100)
add("identical-100", p, p)
add("uniform-64-base-2", np.full(64, 1 / 64), np.full(64, 1 / 64), 2.0)
add_gjs("gjs-two-equal-weights", [[1.0, 0.0], [0.9, 0.1]], None)
add_gjs("gjs-three-weighted", [dirichlet(rng, 10), dirichlet(rng, 10), dirichlet(rng, 10)], [0.5, 0.3, 0.2])
add_gjs("gjs-five-base-2", [dirichlet(rng, 257) for _ in range(5)], None, 2.0)
sp = [dirichlet(rng, 50) for _ in range(3)]
for r in sp:
    r[rng.random(50) < 0.5] = 0.0; r /= r.sum()
add_gjs("gjs-sparse-zero-weight", sp, [0.6, 0.4, 0.0])
base = dirichlet(rng, 100)
near = [base * (1 + 1e-8 * rng.standard_normal(100)) for _ in range(4)]
add_gjs("gjs-nearly-identical", [r / r.sum() for r in near], [0.25, 0.25, 0.25, 0.25])

header = {"generator": "make_divergence_fixtures.py", "tool": f"mpmath {mpmath.__version__}", "dps": mp.dps,
          "numpy": np.__version__, "python": sys.version.split()[0], "cases": len(cases),
          "bound": "8*2^-52*sum|terms| propagated to each value; see the script's docstring"}
with gzip.GzipFile("divergences.jsonl.gz", "wb", mtime=0) as f:
    f.write((json.dumps(header) + "\n").encode())
    for case in cases:
        f.write((json.dumps(case, allow_nan=False) + "\n").encode())
