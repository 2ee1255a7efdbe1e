#!/usr/bin/python3
"""Reference calibration metrics and temperatures for tests/Kullback.Tests/Learning/Calibration.

Every metric is computed here in numpy float64 straight from its definition (docs/calibration.md); the temperature
comes from scipy.optimize.minimize_scalar on the same mean NLL, and, to many more digits, from scipy.optimize.brentq
on its exact derivative in beta = 1/T. Run: /usr/bin/python3 make_calibration_fixtures.py  (writes calibration.json).
"""
import json
import numpy as np
import scipy
from scipy import optimize
from scipy.special import logsumexp, softmax


def top_label(q, y):
    arg = np.argmax(q, axis=1)              # ties: lowest index
    return q[np.arange(len(y)), arg], (arg == y).astype(np.float64)


def uniform_bins(c, o, B):
    idx = np.minimum(np.floor(c * B).astype(np.int64), B - 1)
    bins = []
    for b in range(B):
        m = idx == b
        n = int(m.sum())
        bins.append({"lo": b / B, "hi": (b + 1) / B, "rows": n,
                     "accuracy": float(o[m].mean()) if n else 0.0, "confidence": float(c[m].mean()) if n else 0.0})
    return bins


def quantile_bins(c, o, B):
    order = np.argsort(c, kind="stable")
    bins = []
    for part in np.array_split(order, B):
        if len(part) == 0:
            continue
        bins.append({"lo": float(c[part].min()), "hi": float(c[part].max()), "rows": len(part),
                     "accuracy": float(o[part].mean()), "confidence": float(c[part].mean())})
    return bins


def ece(bins):
    n = sum(b["rows"] for b in bins)
    return float(sum(b["rows"] / n * abs(b["accuracy"] - b["confidence"]) for b in bins if b["rows"]))


def mce(bins):
    return float(max(abs(b["accuracy"] - b["confidence"]) for b in bins if b["rows"]))


def rms(bins):
    n = sum(b["rows"] for b in bins)
    return float(np.sqrt(sum(b["rows"] / n * (b["accuracy"] - b["confidence"]) ** 2 for b in bins if b["rows"])))


def debiased(bins):
    n = sum(b["rows"] for b in bins)
    s = 0.0
    for b in bins:
        if not b["rows"]:
            continue
        d = (b["accuracy"] - b["confidence"]) ** 2
        if b["rows"] >= 2:
            d -= b["accuracy"] * (1 - b["accuracy"]) / (b["rows"] - 1)
        s += b["rows"] / n * d
    return float(np.sqrt(max(0.0, s)))


def classwise(q, y, B):
    n, K = q.shape
    total = 0.0
    for k in range(K):
        qk = q[:, k]
        idx = np.minimum(np.floor(qk * B).astype(np.int64), B - 1)
        s = 0.0
        for b in range(B):
            m = idx == b
            if m.any():
                s += m.sum() / n * abs((y[m] == k).mean() - qk[m].mean())
        total += s
    return float(total / K)


def brier(q, y):
    onehot = np.eye(q.shape[1])[y]
    return float(((q - onehot) ** 2).sum(axis=1).mean())


def decomposition(c, o, bins):
    n = len(c)
    acc = o.mean()
    rel = sum(b["rows"] / n * (b["confidence"] - b["accuracy"]) ** 2 for b in bins if b["rows"])
    res = sum(b["rows"] / n * (b["accuracy"] - acc) ** 2 for b in bins if b["rows"])
    return {"top_label_brier": float(((c - o) ** 2).mean()), "reliability": float(rel), "resolution": float(res),
            "uncertainty": float(acc * (1 - acc))}


def metrics(q, y, B, nll):
    c, o = top_label(q, y)
    u = uniform_bins(c, o, B)
    return {"accuracy": float(o.mean()), "nll": float(nll), "ece": ece(u), "ece_quantile": ece(quantile_bins(c, o, B)),
            "mce": mce(u), "rms_ce": rms(u), "debiased_ce": debiased(u), "classwise_ece": classwise(q, y, B),
            "brier": brier(q, y), "decomposition": decomposition(c, o, u), "bins": u}


def nll_of(z, y, T):
    return float(np.mean(logsumexp(z / T, axis=1) - z[np.arange(len(y)), y] / T))


def dnll_dbeta(z, y, beta):
    q = softmax(beta * z, axis=1)
    return float(np.mean((q * z).sum(axis=1) - z[np.arange(len(y)), y]))


def logit_case(name, z, y, B):
    opt = optimize.minimize_scalar(lambda t: nll_of(z, y, t), bounds=(0.01, 100), method="bounded",
                                   options={"xatol": 1e-12, "maxiter": 10000})
    beta = optimize.brentq(lambda b: dnll_dbeta(z, y, b), 1e-3, 1e3, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=1000)
    T = 1 / beta
    q1 = softmax(z, axis=1)
    qT = softmax(z / T, axis=1)
    # Vector scaling: z' = w*z + b, BFGS on the same NLL with its exact gradient; biases reported with sum 0.
    K = z.shape[1]
    onehot = np.eye(K)[y]

    def vs(theta):
        w, b = theta[:K], theta[K:]
        zz = w * z + b
        f = np.mean(logsumexp(zz, axis=1) - zz[np.arange(len(y)), y])
        r = (softmax(zz, axis=1) - onehot) / len(y)
        return f, np.concatenate([(r * z).sum(axis=0), r.sum(axis=0)])
    res = optimize.minimize(vs, np.concatenate([np.full(K, beta), np.zeros(K)]), jac=True, method="BFGS", options={"gtol": 1e-11, "maxiter": 10000})
    w, b = res.x[:K], res.x[K:] - res.x[K:].mean()
    return {"name": name, "classes": z.shape[1], "bins": B, "logits": z.ravel().tolist(), "labels": y.tolist(),
            "vector_scale": w.tolist(), "vector_bias": b.tolist(), "vector_nll": float(res.fun),
            "temperature_minimize_scalar": float(opt.x), "temperature": T,
            "before": metrics(q1, y, B, nll_of(z, y, 1.0)), "after": metrics(qT, y, B, nll_of(z, y, T))}


def probability_case(name, q, y, B):
    nll = float(-np.mean(np.log(q[np.arange(len(y)), y])))
    return {"name": name, "classes": q.shape[1], "bins": B, "probabilities": q.ravel().tolist(), "labels": y.tolist(),
            "before": metrics(q, y, B, nll)}


rng = np.random.default_rng(14)
cases = []
for name, n, K, scale, B in [("overconfident_10", 600, 10, 4.0, 15), ("underconfident_3", 400, 3, 0.4, 10),
                             ("binary_small_n", 37, 2, 3.0, 15), ("many_bins_5", 250, 5, 2.5, 40)]:
    truth = rng.normal(size=(n, K))
    y = np.array([rng.choice(K, p=p) for p in softmax(truth, axis=1)])
    z = scale * (truth + 0.3 * rng.normal(size=(n, K)))
    cases.append(logit_case(name, z, y, B))
# Confidences on bin edges, including c = 1 (must land in the last bin) and c = 0.5, 0.6, 0.8 with B = 5.
edge_q = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.6, 0.4], [0.4, 0.6], [0.8, 0.2], [0.2, 0.8], [1.0, 0.0],
                   [0.75, 0.25], [0.9, 0.1], [0.55, 0.45], [0.3, 0.7]])
edge_y = np.array([0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1])
cases.append(probability_case("bin_edges_and_one", edge_q, edge_y, 5))
ties_q = softmax(rng.normal(size=(23, 4)).round(1) * 2, axis=1)
ties_q[:6] = ties_q[0]                      # repeated confidences: quantile bins keep row order among ties
cases.append(probability_case("quantile_ties", ties_q, rng.integers(0, 4, 23), 7))

out = {"generator": "make_calibration_fixtures.py", "numpy": np.__version__, "scipy": scipy.__version__, "cases": cases}
with open("calibration.json", "w") as f:
    json.dump(out, f)
print("numpy", np.__version__, "scipy", scipy.__version__)
for c in cases:
    print(c["name"], c.get("temperature"), c.get("temperature_minimize_scalar"), c["before"]["ece"], c.get("after", {}).get("ece"))
