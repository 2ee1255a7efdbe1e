#!/usr/bin/python3
"""Reference values of the joint measures (2-D and 3-D probability tables), mpmath at 60 digits.

Writes joint.jsonl.gz: header line, then cases {"id", "joint" (nested lists), "base"?, "values": {field: exact},
"lo": {field: exact − double(exact)}, "bound": {field: 8·ε·(Σ|terms| + m)}} with the CLI's field names.
Definitions (0·log 0 = 0): H(X) = −Σ p(x) log p(x); H(X,Y) = −Σ p log p; H(X|Y) = Σ p log(p(y)/p);
I(X;Y) = Σ p log(p/(p(x)p(y))); VI = H(X|Y) + H(Y|X); 3-D: I(X;Y|Z) = Σ p log(p p(z)/(p(x,z)p(y,z)));
total correlation Σ p log(p/(p(x)p(y)p(z))); interaction information I(X;Y) − I(X;Y|Z).
Terms: |p log p| for entropies, |p log(p(y)/p)|, p(|log(p/p(x))| + |log p(y)|), p(|log(p/p(x,z))| + |log(p(y,z)/p(z))|), ...;
m counts the marginals inside the logarithms (each computed in double to ~ε relative, costing ≤ ε·Σp = ε).
Run: /usr/bin/python3 make_joint_fixtures.py
"""
import gzip, json, math, sys
import numpy as np
import mpmath
from mpmath import mp, mpf

mp.dps = 60
EPS = mpf(2) ** -52


def L(x):
    return mp.log(x)


def two_d(P, lnb):
    R, C = len(P), len(P[0])
    px = [mp.fsum(P[x]) for x in range(R)]
    py = [mp.fsum(P[x][y] for x in range(R)) for y in range(C)]
    cells = [(x, y, P[x][y]) for x in range(R) for y in range(C) if P[x][y] > 0]
    H = lambda m: (-mp.fsum(v * L(v) for v in m if v > 0), mp.fsum(abs(v * L(v)) for v in m if v > 0) + 1)
    out = {"entropy_x": H(px), "entropy_y": H(py)}
    out["joint_entropy"] = (-mp.fsum(v * L(v) for _, _, v in cells), mp.fsum(abs(v * L(v)) for _, _, v in cells))
    cx = mp.fsum(v * L(py[y] / v) for x, y, v in cells); cxt = mp.fsum(abs(v * L(py[y] / v)) for x, y, v in cells) + 1
    cy = mp.fsum(v * L(px[x] / v) for x, y, v in cells); cyt = mp.fsum(abs(v * L(px[x] / v)) for x, y, v in cells) + 1
    out["conditional_entropy_x_given_y"] = (cx, cxt)
    out["conditional_entropy_y_given_x"] = (cy, cyt)
    mi = mp.fsum(v * L(v / (px[x] * py[y])) for x, y, v in cells)
    mit = mp.fsum(v * (abs(L(v / px[x])) + abs(L(py[y]))) for x, y, v in cells) + 2
    out["mutual_information"] = (max(mi, 0), mit)
    out["variation_of_information"] = (cx + cy, cxt + cyt)
    return out, px, py


def three_d(P, lnb):
    X, Y, Z = len(P), len(P[0]), len(P[0][0])
    pxy = [[mp.fsum(P[x][y]) for y in range(Y)] for x in range(X)]
    out, px, py = two_d(pxy, lnb)
    out["joint_entropy_xy"] = out.pop("joint_entropy")
    pz = [mp.fsum(P[x][y][z] for x in range(X) for y in range(Y)) for z in range(Z)]
    pxz = [[mp.fsum(P[x][y][z] for y in range(Y)) for z in range(Z)] for x in range(X)]
    pyz = [[mp.fsum(P[x][y][z] for x in range(X)) for z in range(Z)] for y in range(Y)]
    cells = [(x, y, z, P[x][y][z]) for x in range(X) for y in range(Y) for z in range(Z) if P[x][y][z] > 0]
    out["entropy_z"] = (-mp.fsum(v * L(v) for v in pz if v > 0), mp.fsum(abs(v * L(v)) for v in pz if v > 0) + 1)
    out["joint_entropy"] = (-mp.fsum(v * L(v) for *_, v in cells), mp.fsum(abs(v * L(v)) for *_, v in cells))
    cmi = mp.fsum(v * L(v * pz[z] / (pxz[x][z] * pyz[y][z])) for x, y, z, v in cells)
    cmit = mp.fsum(v * (abs(L(v / pxz[x][z])) + abs(L(pyz[y][z] / pz[z]))) for x, y, z, v in cells) + 3
    out["conditional_mutual_information"] = (max(cmi, 0), cmit)
    tc = mp.fsum(v * L(v / (px[x] * py[y] * pz[z])) for x, y, z, v in cells)
    tct = mp.fsum(v * (abs(L(v / px[x])) + abs(L(py[y])) + abs(L(pz[z]))) for x, y, z, v in cells) + 3
    out["total_correlation"] = (max(tc, 0), tct)
    mi, mit = out["mutual_information"]
    out["interaction_information"] = (mi - max(cmi, 0), mit + cmit)
    return out


cases = []


def add(case_id, table, base=math.e):
    table = np.asarray(table, dtype=float)
    case = {"id": case_id, "joint": table.tolist()}
    if base != math.e:
        case["base"] = base
    lnb = mp.log(mpf(base)) if base != math.e else mp.one
    P = np.vectorize(lambda v: mpf(float(v)), otypes=[object])(table).tolist()
    values = two_d(P, lnb)[0] if table.ndim == 2 else three_d(P, lnb)
    case["values"], case["lo"], case["bound"] = {}, {}, {}
    for name, (value, terms) in values.items():
        v = value / lnb
        case["values"][name] = mpmath.nstr(v, 30, min_fixed=-400, max_fixed=400) if v != 0 else "0"
        case["lo"][name] = float(v - mpf(float(v)))
        case["bound"][name] = float(8 * EPS * terms / abs(lnb))
    cases.append(case)


def table(rng, shape, zeros=0.0):
    t = rng.dirichlet([1.0] * int(np.prod(shape)))
    if zeros:
        t[rng.random(t.size) < zeros] = 0.0
        t[0] = max(t[0], 0.1)
    return (t / t.sum()).reshape(shape)


rng = np.random.default_rng(20261202)
add("xor-like", [[0.25, 0.25], [0.0, 0.5]])
add("independent-3x4", np.outer(rng.dirichlet([1] * 3), rng.dirichlet([1] * 4)))
add("diagonal-5", np.eye(5) / 5)
for shape in ((2, 2), (3, 7), (10, 10), (40, 25)):
    add(f"random-{shape[0]}x{shape[1]}", table(rng, shape))
add("sparse-20x20", table(rng, (20, 20), zeros=0.7))
add("random-6x6-base-2", table(rng, (6, 6)), 2.0)
add("xor-3d", np.array([[[0.25, 0], [0, 0.25]], [[0, 0.25], [0.25, 0]]]))
add("uniform-2x2x2-base-2", np.full((2, 2, 2), 0.125), 2.0)
for shape in ((2, 3, 4), (5, 5, 5)):
    add(f"random-{'x'.join(map(str, shape))}", table(rng, shape))
add("sparse-6x6x6", table(rng, (6, 6, 6), zeros=0.6))
header = {"generator": "make_joint_fixtures.py", "tool": f"mpmath {mpmath.__version__}", "dps": mp.dps,
          "numpy": np.__version__, "python": sys.version.split()[0], "cases": len(cases)}
with gzip.GzipFile("joint.jsonl.gz", "wb", mtime=0) as f:
    f.write((json.dumps(header) + "\n").encode())
    for case in cases:
        f.write((json.dumps(case, allow_nan=False) + "\n").encode())
