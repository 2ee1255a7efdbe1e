#!/usr/bin/python3
"""Reference values for Kullback's distributions and closed-form KL registry.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-scipy 1.10):
    /usr/bin/python3 tests/Kullback.Tests/Fixtures/Distributions/make_fixtures.py
Writes kl.json (torch.distributions.kl_divergence for every registered pair) and properties.json
(entropy, mean, variance, log_prob from torch.distributions, or SciPy where torch has none), all float64.
Also writes binomial_kl.json: D(Bin(n,p)||Bin(m,q)) for n < m, which torch does not implement, as an exact
sum of scipy.stats.binom pmfs in mpmath at 50 digits.
"""
import json, math, os
import numpy as np
import scipy, scipy.stats
import torch
import torch.distributions as D
import mpmath

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
T = lambda x: torch.tensor(x, dtype=torch.float64)
TOOL = f"torch {torch.__version__} (Debian python3-torch), scipy {scipy.__version__}, numpy {np.__version__}, mpmath {mpmath.__version__}; float64"

def fmt(x):
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in x) + "]"
    return repr(float(x)) if not float(x).is_integer() else str(int(x)) if abs(x) < 1e15 else repr(float(x))

def num(x):
    x = float(x)
    if math.isinf(x): return "Infinity" if x > 0 else "-Infinity"
    if math.isnan(x): return "NaN"
    return x

# Each maker: name -> (torch constructor, positional parameter names)
def make(name, *args):
    spec = f"{name}({', '.join(fmt(a) for a in args)})"
    if name == "Binomial":
        d = D.Binomial(total_count=T(float(args[0])), probs=T(args[1]))
    elif name == "MultivariateNormal":
        d = D.MultivariateNormal(T(args[0]), covariance_matrix=T(args[1]))
    elif name == "HalfNormal":
        d = D.HalfNormal(T(args[0]))
    else:
        d = getattr(D, name)(*[T(a) for a in args])
    return spec, d

P = {
    "Bernoulli": [(0.3,), (0.85,), (0.02,)],
    "Binomial": [(10, 0.3), (10, 0.65)],
    "Categorical": [([0.2, 0.3, 0.5],), ([0.6, 0.1, 0.3],)],
    "Geometric": [(0.3,), (0.75,)],
    "Poisson": [(3.5,), (0.7,)],
    "Normal": [(0.5, 1.3), (-1.0, 0.4)],
    "LogNormal": [(0.2, 0.7), (-0.5, 1.4)],
    "HalfNormal": [(1.5,), (0.6,)],
    "Laplace": [(0.3, 1.1), (-1.2, 0.5)],
    "Gumbel": [(0.4, 1.2), (-0.6, 0.7)],
    "Exponential": [(1.7,), (0.6,)],
    "Gamma": [(2.5, 1.5), (0.8, 0.5)],
    "Beta": [(2.0, 3.0), (0.7, 1.6)],
    "Dirichlet": [([1.5, 2.0, 0.7],), ([3.0, 0.9, 2.2],)],
    "Uniform": [(0.2, 0.9), (-1.0, 2.5)],
    "Pareto": [(1.2, 3.5), (0.8, 2.6)],
    "StudentT": [(4.5, 0.3, 1.2), (2.5, -1.0, 0.6)],
    "MultivariateNormal": [([0.5, -0.3, 1.0], [[2.0, 0.6, 0.3], [0.6, 1.0, -0.2], [0.3, -0.2, 0.8]]),
                           ([-0.2, 0.4, 0.1], [[1.0, -0.3, 0.0], [-0.3, 0.5, 0.1], [0.0, 0.1, 1.5]])],
}

# Parameters for Q where the P list would put P outside Q's support or be degenerate.
Q_OVERRIDES = {
    ("Uniform", "Uniform"): [((0.3, 0.6), (0.1, 1.2)), ((-1.0, 2.5), (-2.0, 3.0)), ((0.2, 0.9), (0.5, 1.5))],
    ("Pareto", "Pareto"): [((1.2, 3.5), (1.0, 2.0)), ((0.8, 2.6), (0.5, 4.0)), ((0.8, 2.6), (1.0, 2.0))],
    ("Binomial", "Binomial"): [((10, 0.3), (10, 0.45)), ((10, 0.65), (10, 0.2)), ((12, 0.5), (10, 0.5))],
    ("Beta", "Uniform"): [((2.0, 3.0), (-0.5, 1.5)), ((0.7, 1.6), (0.0, 1.0)), ((2.0, 3.0), (0.2, 1.0))],
    ("Uniform", "Beta"): [((0.2, 0.9), (2.0, 3.0)), ((0.05, 0.5), (0.7, 1.6)), ((-1.0, 2.5), (2.0, 3.0))],
    ("Uniform", "Exponential"): [((0.2, 0.9), (1.7,)), ((1.0, 3.5), (0.6,)), ((-1.0, 2.5), (1.7,))],
    ("Uniform", "Gamma"): [((0.2, 0.9), (2.5, 1.5)), ((1.0, 3.5), (0.8, 0.5)), ((-1.0, 2.5), (2.5, 1.5))],
    ("Uniform", "Pareto"): [((1.5, 2.9), (1.2, 3.5)), ((0.9, 4.0), (0.8, 2.6)), ((0.2, 0.9), (1.2, 3.5))],
    ("Pareto", "Exponential"): [((1.2, 3.5), (1.7,)), ((0.8, 2.6), (0.6,)), ((0.8, 0.9), (0.6,))],
    ("Pareto", "Gamma"): [((1.2, 3.5), (2.5, 1.5)), ((0.8, 2.6), (0.8, 0.5)), ((0.8, 0.9), (0.8, 0.5))],
    ("Pareto", "Normal"): [((1.2, 3.5), (0.5, 1.3)), ((0.8, 2.6), (-1.0, 0.4)), ((0.8, 1.9), (0.5, 1.3))],
    ("Beta", "Pareto"): [((2.0, 3.0), (1.2, 3.5)), ((0.7, 1.6), (0.5, 2.6))],
}

PAIRS = [
    ("Bernoulli", "Bernoulli"), ("Beta", "Beta"), ("Binomial", "Binomial"), ("Categorical", "Categorical"),
    ("Dirichlet", "Dirichlet"), ("Exponential", "Exponential"), ("Gamma", "Gamma"), ("Gumbel", "Gumbel"),
    ("Geometric", "Geometric"), ("HalfNormal", "HalfNormal"), ("Laplace", "Laplace"), ("LogNormal", "LogNormal"),
    ("MultivariateNormal", "MultivariateNormal"), ("Normal", "Normal"), ("Pareto", "Pareto"), ("Poisson", "Poisson"),
    ("Uniform", "Uniform"),
    ("Bernoulli", "Poisson"), ("Beta", "Pareto"), ("Beta", "Exponential"), ("Beta", "Gamma"), ("Beta", "Normal"), ("Beta", "Uniform"),
    ("Exponential", "Beta"), ("Exponential", "Pareto"), ("Exponential", "Uniform"), ("Exponential", "Gamma"),
    ("Exponential", "Gumbel"), ("Exponential", "Normal"),
    ("Gamma", "Beta"), ("Gamma", "Pareto"), ("Gamma", "Uniform"), ("Gamma", "Exponential"), ("Gamma", "Gumbel"), ("Gamma", "Normal"),
    ("Gumbel", "Beta"), ("Gumbel", "Exponential"), ("Gumbel", "Gamma"), ("Gumbel", "Pareto"), ("Gumbel", "Uniform"), ("Gumbel", "Normal"),
    ("Laplace", "Beta"), ("Laplace", "Exponential"), ("Laplace", "Gamma"), ("Laplace", "Pareto"), ("Laplace", "Uniform"), ("Laplace", "Normal"),
    ("Normal", "Beta"), ("Normal", "Exponential"), ("Normal", "Gamma"), ("Normal", "Pareto"), ("Normal", "Uniform"),
    ("Normal", "Gumbel"), ("Normal", "Laplace"),
    ("Pareto", "Beta"), ("Pareto", "Uniform"), ("Pareto", "Exponential"), ("Pareto", "Gamma"), ("Pareto", "Normal"),
    ("Poisson", "Bernoulli"), ("Poisson", "Binomial"),
    ("Uniform", "Beta"), ("Uniform", "Exponential"), ("Uniform", "Gamma"), ("Uniform", "Gumbel"), ("Uniform", "Normal"), ("Uniform", "Pareto"),
]

def kl_fixtures():
    out = []
    for pn, qn in PAIRS:
        if (pn, qn) in Q_OVERRIDES:
            combos = Q_OVERRIDES[(pn, qn)]
        elif pn == qn:
            a, b = P[pn][0], P[pn][1]
            combos = [(a, b), (b, a)]
        else:
            combos = [(P[pn][0], P[qn][0]), (P[pn][1], P[qn][1])]
        for pa, qa in combos:
            ps, pd = make(pn, *pa)
            qs, qd = make(qn, *qa)
            kl = D.kl_divergence(pd, qd).item()
            out.append({"p": ps, "q": qs, "kl": num(kl)})
    return out

def binomial_exact():
    mpmath.mp.dps = 50
    out = []
    for (n, p), (m, q) in [((5, 0.3), (10, 0.4)), ((3, 0.8), (20, 0.1))]:
        total = mpmath.mpf(0)
        for k in range(n + 1):
            lp = mpmath.log(mpmath.binomial(n, k)) + k * mpmath.log(p) + (n - k) * mpmath.log(1 - mpmath.mpf(p))
            lq = mpmath.log(mpmath.binomial(m, k)) + k * mpmath.log(q) + (m - k) * mpmath.log(1 - mpmath.mpf(q))
            total += mpmath.exp(lp) * (lp - lq)
        out.append({"p": f"Binomial({n}, {p})", "q": f"Binomial({m}, {q})", "kl": float(total)})
    return out

SUPPORT_POINTS = {
    "Bernoulli": [0, 1], "Binomial": [0, 3, 10], "Categorical": [0, 1, 2], "Geometric": [0, 1, 7], "Poisson": [0, 2, 11],
    "Normal": [-2.0, 0.1, 3.3], "LogNormal": [0.05, 1.0, 4.2], "HalfNormal": [0.0, 0.7, 3.1], "Laplace": [-2.5, 0.3, 1.9],
    "Gumbel": [-1.5, 0.4, 5.0], "Exponential": [0.0, 0.5, 4.0], "Gamma": [0.1, 1.3, 6.0], "Beta": [0.05, 0.5, 0.93],
    "Uniform": [0.25, 0.6, 0.85], "Pareto": [1.3, 2.0, 9.0], "StudentT": [-4.0, 0.0, 2.2],
}

def properties():
    out = []
    for name, sets in P.items():
        for args in sets:
            spec, d = make(name, *args)
            entry = {"spec": spec, "source": {}}
            if name == "Poisson":
                entry["entropy"] = float(scipy.stats.poisson(args[0]).entropy()); entry["source"]["entropy"] = "scipy.stats.poisson.entropy"
            else:
                entry["entropy"] = num(d.entropy().item()); entry["source"]["entropy"] = "torch"
            if name == "Categorical":
                rv = scipy.stats.rv_discrete(values=(np.arange(len(args[0])), np.array(args[0])))
                entry["mean"] = float(rv.mean()); entry["variance"] = float(rv.var()); entry["source"]["moments"] = "scipy.stats.rv_discrete"
            else:
                m, v = d.mean, d.variance
                entry["mean"] = [num(x) for x in m.tolist()] if m.dim() else num(m.item())
                entry["variance"] = [num(x) for x in v.tolist()] if v.dim() else num(v.item())
                entry["source"]["moments"] = "torch"
            lp = []
            if name == "Dirichlet":
                pts = [[0.2, 0.5, 0.3], [0.05, 0.05, 0.9]]
            elif name == "MultivariateNormal":
                pts = [[0.0, 0.0, 0.0], [1.5, -1.0, 2.0]]
            else:
                pts = SUPPORT_POINTS[name]
                if name == "Uniform": pts = [args[0] + f * (args[1] - args[0]) for f in (0.0, 0.3, 0.9)]
                if name == "Pareto": pts = [args[0], args[0] * 1.7, args[0] * 8]
            for x in pts:
                lp.append({"x": x, "value": num(d.log_prob(T(float(x)) if not isinstance(x, list) else T(x)).item())})
            entry["log_prob"] = lp
            entry["source"]["log_prob"] = "torch"
            out.append(entry)
    return out

def torch_registered_pairs():
    """The pairs torch.distributions.kl._KL_REGISTRY holds among our 18 families (LogNormal goes through
    TransformedDistribution in torch and is listed separately by the test)."""
    from torch.distributions.kl import _KL_REGISTRY
    ours = set(P)
    return sorted([p.__name__, q.__name__] for p, q in _KL_REGISTRY if p.__name__ in ours and q.__name__ in ours)

for fname, payload in [("kl.json", {"tool": TOOL, "what": "torch.distributions.kl_divergence(p, q) in float64", "pairs": kl_fixtures(), "torch_registered_pairs": torch_registered_pairs()}),
                       ("binomial_kl.json", {"tool": TOOL, "what": "exact sum over the support of P in mpmath (50 digits); torch raises for n_P < n_Q", "pairs": binomial_exact()}),
                       ("properties.json", {"tool": TOOL, "what": "entropy, mean, variance (torch; scipy where noted), log_prob at points (torch)", "distributions": properties()})]:
    with open(os.path.join(HERE, fname), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", fname)
