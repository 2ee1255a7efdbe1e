#!/usr/bin/python3
"""Reference values for the families and pairs added for torch parity (issue 16): Cauchy, ContinuousBernoulli, Chi2,
OneHotCategorical, LowRankMultivariateNormal, Categorical/Bernoulli from logits, and Normal<->Laplace by quadrature.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-mpmath):
    /usr/bin/python3 tests/Kullback.Tests/Fixtures/Distributions/make_parity_fixtures.py
Writes
- kl_parity.json: torch.distributions.kl_divergence in float64 on the cases of torch's own TestKL (test/distributions/
  test_distributions.py, v1.13: the `pairwise` 4x4 parameter grids of finite_examples and the infinite_examples that involve
  the new families, and test_kl_lowrank_multivariate_normal with torch.manual_seed(0)), plus a few cases of each registered
  pair TestKL does not exercise; and the list of pairs torch registers that involve a new family.
- quadrature_kl.json: D(Normal||Laplace) and D(Laplace||Normal) by mpmath.quad at 40 digits (torch registers both, but this
  is an independent check of the closed forms).
- properties_parity.json: entropy, mean, variance and log_prob at points from torch.
"""
import json, math, os
import torch
import torch.distributions as D
from torch.distributions import constraints, transform_to
import mpmath

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
T = lambda x: torch.tensor(x, dtype=torch.float64)
TOOL = f"torch {torch.__version__} (Debian python3-torch), mpmath {mpmath.__version__}; float64"

def fmt(x):
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in x) + "]"
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)

def num(x):
    x = float(x)
    if math.isinf(x): return "Infinity" if x > 0 else "-Infinity"
    if math.isnan(x): return "NaN"
    return x

def make(name, *args, **kw):
    """(spec, torch distribution). Keyword arguments are written named (logits=..., cov_factor=...)."""
    parts = [fmt(a) for a in args] + [f"{k}={fmt(v)}" for k, v in kw.items()]
    spec = f"{name}({', '.join(parts)})"
    if name == "MultivariateNormal":
        d = D.MultivariateNormal(T(args[0]), covariance_matrix=T(args[1]))
    elif name == "LowRankMultivariateNormal":
        d = D.LowRankMultivariateNormal(T(args[0]), T(kw["cov_factor"]), T(kw["cov_diag"]))
    elif kw:
        d = getattr(D, name)(*[T(a) for a in args], **{k: T(v) for k, v in kw.items()})
    else:
        d = getattr(D, name)(*[T(a) for a in args])
    return spec, d

# torch TestKL.setUp, v1.13: pairwise(Dist, *params) gives P with parameters varying along columns (index j) and Q along
# rows (index i), all 16 combinations. Pareto is not pairwise there: both P and Q take the column's parameters.
GRIDS = {
    "beta": ("Beta", [(1.0, 1.5), (2.5, 1.5), (1.0, 3.5), (2.5, 3.5)]),
    "cauchy": ("Cauchy", [(-2.0, 1.0), (2.0, 2.0), (-3.0, 1.0), (3.0, 2.0)]),
    "chi2": ("Chi2", [(1.0,), (2.0,), (2.5,), (5.0,)]),
    "exponential": ("Exponential", [(1.0,), (2.5,), (5.0,), (10.0,)]),
    "gamma": ("Gamma", [(1.0, 1.5), (2.5, 1.5), (1.0, 3.5), (2.5, 3.5)]),
    "normal": ("Normal", [(-2.0, 1.0), (2.0, 2.0), (-3.0, 1.0), (3.0, 2.0)]),
    "onehotcategorical": ("OneHotCategorical", [([0.4, 0.3, 0.3],), ([0.2, 0.7, 0.1],), ([0.33, 0.33, 0.34],), ([0.2, 0.2, 0.6],)]),
    "pareto_p": ("Pareto", [(2.5, 2.25), (4.0, 3.75), (2.5, 2.25), (4.0, 3.75)]),
    "uniform_positive": ("Uniform", [(1, 1.2), (1.5, 2.0), (2, 3), (4, 7)]),
    "continuous_bernoulli": ("ContinuousBernoulli", [(0.1,), (0.2,), (0.5,), (0.9,)]),
}
FINITE_EXAMPLES = [  # the entries of TestKL.finite_examples that involve Chi2 or a family new to Kullback
    ("beta", "chi2"), ("cauchy", "cauchy"), ("chi2", "chi2"), ("chi2", "exponential"), ("chi2", "gamma"), ("chi2", "normal"),
    ("exponential", "chi2"), ("gamma", "chi2"), ("onehotcategorical", "onehotcategorical"), ("pareto_p", "chi2"),
    ("uniform_positive", "chi2"), ("continuous_bernoulli", "continuous_bernoulli"), ("continuous_bernoulli", "exponential"),
    ("continuous_bernoulli", "normal"), ("beta", "continuous_bernoulli"),
]
INFINITE_EXAMPLES = [  # TestKL.infinite_examples that involve Chi2 or ContinuousBernoulli
    (("Chi2", 1), ("Beta", 2, 3)), (("Chi2", 1), ("Pareto", 2, 3)), (("Chi2", 1), ("Uniform", -2, 3)),
    (("Gumbel", -1, 2), ("Chi2", 3)), (("Laplace", -1, 2), ("Chi2", 3)), (("Normal", -1, 2), ("Chi2", 3)),
    (("Pareto", 2, 1), ("Chi2", 3)), (("Uniform", -1, 2), ("Chi2", 3)),
    (("ContinuousBernoulli", 0.25), ("Uniform", 0.25, 1)), (("ContinuousBernoulli", 0.25), ("Uniform", 0, 0.75)),
    (("ContinuousBernoulli", 0.25), ("Uniform", 0.25, 0.75)), (("ContinuousBernoulli", 0.25), ("Pareto", 1, 2)),
    (("Exponential", 1), ("ContinuousBernoulli", 0.75)), (("Gamma", 1, 2), ("ContinuousBernoulli", 0.75)),
    (("Gumbel", -1, 2), ("ContinuousBernoulli", 0.75)), (("Laplace", -1, 2), ("ContinuousBernoulli", 0.75)),
    (("Normal", -1, 2), ("ContinuousBernoulli", 0.75)), (("Uniform", -1, 1), ("ContinuousBernoulli", 0.75)),
    (("Uniform", 0, 2), ("ContinuousBernoulli", 0.75)), (("Uniform", -1, 2), ("ContinuousBernoulli", 0.75)),
]
# Registered pairs TestKL does not reach with a finite value, and the logits / Taylor-region parameterisations.
EXTRA = [
    (("ContinuousBernoulli", 0.3), ("Uniform", -0.5, 1.5)), (("ContinuousBernoulli", 0.8), ("Uniform", -2.0, 1.25)),
    (("Uniform", 0.2, 0.7), ("ContinuousBernoulli", 0.3)), (("Uniform", 0.05, 0.95), ("ContinuousBernoulli", 0.85)),
    (("Pareto", 1.5, 2.0), ("ContinuousBernoulli", 0.4)),
    (("ContinuousBernoulli", 0.5002), ("ContinuousBernoulli", 0.3)), (("ContinuousBernoulli", 0.3), ("ContinuousBernoulli", 0.4995)),
    (("ContinuousBernoulli", 0.5002), ("Normal", 0.2, 0.7)), (("ContinuousBernoulli", 0.5002), ("Exponential", 1.3)),
    (("Beta", 2.0, 3.0), ("ContinuousBernoulli", 0.5002)),
    (("ContinuousBernoulli", {"logits": 0.2}), ("ContinuousBernoulli", {"logits": -1.5})),
    (("ContinuousBernoulli", 0.3), ("ContinuousBernoulli", {"logits": 0.2})),
    (("ContinuousBernoulli", {"logits": 2.5}), ("Normal", 0.4, 0.9)),
    (("Beta", 0.7, 1.6), ("ContinuousBernoulli", {"logits": -0.8})),
    (("Cauchy", 0.0, 1.0), ("Cauchy", 0.0, 1.0)), (("Cauchy", 0.3, 0.05), ("Cauchy", -40.0, 7.0)),
    (("OneHotCategorical", {"logits": [0.1, -0.4, 1.2]}), ("OneHotCategorical", [0.2, 0.3, 0.5])),
    (("OneHotCategorical", [0.5, 0.5, 0.0]), ("OneHotCategorical", [0.2, 0.0, 0.8])),
    (("OneHotCategorical", [0.2, 0.0, 0.8]), ("OneHotCategorical", [0.5, 0.5, 0.0])),
    (("Categorical", {"logits": [0.1, -0.4, 1.2]}), ("Categorical", {"logits": [2.0, 0.0, -1.0]})),
    (("Bernoulli", {"logits": -0.3}), ("Bernoulli", {"logits": 1.7})),
    (("Bernoulli", {"logits": 4.0}), ("Bernoulli", 0.4)),
]

class unique(list):
    """A list of KL rows that drops a repeated (p, q): TestKL's Pareto grid repeats two of its four columns."""
    def append(self, row):
        if all((r["p"], r["q"]) != (row["p"], row["q"]) for r in self):
            super().append(row)

def build(entry):
    name, *rest = entry
    if rest and isinstance(rest[0], dict):
        return make(name, **rest[0])
    return make(name, *rest)

def kl_row(ps, pd, qs, qd, source):
    return {"p": ps, "q": qs, "kl": num(D.kl_divergence(pd, qd).item()), "case": source}

def kl_cases():
    out = unique([])
    for a, b in FINITE_EXAMPLES:
        (pn, pgrid), (qn, qgrid) = GRIDS[a], GRIDS[b]
        for i in range(4):
            for j in range(4):
                ps, pd = make(pn, *pgrid[j])
                qs, qd = make(qn, *qgrid[i])
                out.append(kl_row(ps, pd, qs, qd, f"TestKL.finite_examples ({a}, {b})[{i}][{j}]"))
    for pe, qe in INFINITE_EXAMPLES:
        (ps, pd), (qs, qd) = build(pe), build(qe)
        out.append(kl_row(ps, pd, qs, qd, "TestKL.infinite_examples"))
    for pe, qe in EXTRA:
        (ps, pd), (qs, qd) = build(pe), build(qe)
        out.append(kl_row(ps, pd, qs, qd, "registered pair, extra case"))
    # TestKL.test_kl_lowrank_multivariate_normal: set_rng_seed(0), five instances in dimension 4 with rank 3.
    torch.manual_seed(0)
    for inst in range(5):
        loc = [torch.randn(4) for _ in range(2)]
        cov_factor = [torch.randn(4, 3) for _ in range(2)]
        cov_diag = [transform_to(constraints.positive)(torch.randn(4)) for _ in range(2)]
        cov = [cov_factor[i].matmul(cov_factor[i].t()) + cov_diag[i].diag() for i in range(2)]
        low = [make("LowRankMultivariateNormal", loc[i].tolist(), cov_factor=cov_factor[i].tolist(), cov_diag=cov_diag[i].tolist()) for i in range(2)]
        full = [make("MultivariateNormal", loc[i].tolist(), cov[i].tolist()) for i in range(2)]
        tag = f"TestKL.test_kl_lowrank_multivariate_normal instance {inst + 1}/5"
        out.append(kl_row(low[0][0], low[0][1], low[1][0], low[1][1], tag))
        out.append(kl_row(low[0][0], low[0][1], full[1][0], full[1][1], tag))
        out.append(kl_row(full[0][0], full[0][1], low[1][0], low[1][1], tag))
        out.append(kl_row(full[0][0], full[0][1], full[1][0], full[1][1], tag + " (dense pair)"))
    return out


# The rest of TestKL (v1.13), for the pairs Kullback already had: every finite_examples grid and every infinite_examples case
# among Kullback's families. Skipped: (independent, independent), which has no spec (Independent is library-only).
OLD_GRIDS = {
    "bernoulli": ("Bernoulli", [(0.1,), (0.2,), (0.6,), (0.9,)]),
    "binomial30": ("Binomial", [(30, 0.1), (30, 0.2), (30, 0.6), (30, 0.9)]),
    "categorical": ("Categorical", [([0.4, 0.3, 0.3],), ([0.2, 0.7, 0.1],), ([0.33, 0.33, 0.34],), ([0.2, 0.2, 0.6],)]),
    "dirichlet": ("Dirichlet", [([0.1, 0.2, 0.7],), ([0.5, 0.4, 0.1],), ([0.33, 0.33, 0.34],), ([0.2, 0.2, 0.4],)]),
    "gumbel": ("Gumbel", [(-2.0, 1.0), (4.0, 2.5), (-3.0, 1.0), (6.0, 2.5)]),
    "halfnormal": ("HalfNormal", [(1.0,), (2.0,), (1.0,), (2.0,)]),
    "laplace": ("Laplace", [(-2.0, 1.0), (4.0, 2.5), (-3.0, 1.0), (6.0, 2.5)]),
    "lognormal": ("LogNormal", [(-2.0, 1.0), (2.0, 2.0), (-3.0, 1.0), (3.0, 2.0)]),
    "poisson": ("Poisson", [(0.3,), (1.0,), (5.0,), (10.0,)]),
    "uniform_within_unit": ("Uniform", [(0.1, 0.15), (0.9, 0.95), (0.2, 0.25), (0.75, 0.8)]),
    "uniform_real": ("Uniform", [(-2.0, -1.0), (-1, 1), (0, 1), (2, 4)]),
    "uniform_pareto": ("Uniform", [(6.5, 7.5), (7.5, 8.5), (6.5, 9.5), (8.5, 9.5)]),
}
# Q grids that torch builds with .expand(4, 4) instead of pairwise: indexed by the column j like P.
COLUMN_Q = {"pareto_q": ("Pareto", [(2.25, 2.25), (3.75, 3.75), (2.25, 2.25), (3.8, 3.75)])}
OLD_FINITE = [
    ("bernoulli", "bernoulli"), ("bernoulli", "poisson"), ("beta", "beta"), ("beta", "exponential"), ("beta", "gamma"),
    ("beta", "normal"), ("binomial30", "binomial30"), ("categorical", "categorical"), ("dirichlet", "dirichlet"),
    ("exponential", "exponential"), ("exponential", "gamma"), ("exponential", "gumbel"), ("exponential", "normal"),
    ("gamma", "exponential"), ("gamma", "gamma"), ("gamma", "gumbel"), ("gamma", "normal"), ("gumbel", "gumbel"),
    ("gumbel", "normal"), ("halfnormal", "halfnormal"), ("laplace", "laplace"), ("lognormal", "lognormal"),
    ("laplace", "normal"), ("normal", "gumbel"), ("normal", "laplace"), ("normal", "normal"), ("pareto_p", "pareto_q"),
    ("pareto_p", "exponential"), ("pareto_p", "gamma"), ("poisson", "poisson"), ("uniform_within_unit", "beta"),
    ("uniform_positive", "exponential"), ("uniform_positive", "gamma"), ("uniform_real", "gumbel"), ("uniform_real", "normal"),
    ("uniform_pareto", "pareto_q"),
]
OLD_INFINITE = [
    (("Bernoulli", 0), ("Bernoulli", 1)), (("Bernoulli", 1), ("Bernoulli", 0)),
    (("Categorical", [0.9, 0.1]), ("Categorical", [1.0, 0.0])),
    (("Beta", 1, 2), ("Uniform", 0.25, 1)), (("Beta", 1, 2), ("Uniform", 0, 0.75)), (("Beta", 1, 2), ("Uniform", 0.25, 0.75)),
    (("Beta", 1, 2), ("Pareto", 1, 2)), (("Binomial", 31, 0.7), ("Binomial", 30, 0.3)),
    (("Binomial", 3, 0.4), ("Binomial", 2, 0.5)), (("Binomial", 4, 0.6), ("Binomial", 3, 0.8)),
    (("Exponential", 1), ("Beta", 2, 3)), (("Exponential", 1), ("Pareto", 2, 3)), (("Exponential", 1), ("Uniform", -2, 3)),
    (("Gamma", 1, 2), ("Beta", 3, 4)), (("Gamma", 1, 2), ("Pareto", 3, 4)), (("Gamma", 1, 2), ("Uniform", -3, 4)),
] + [((f, -1, 2), q) for f in ("Gumbel", "Laplace", "Normal") for q in
     [("Beta", 3, 4), ("Exponential", 3), ("Gamma", 3, 4), ("Pareto", 3, 4), ("Uniform", -3, 4)] if not (f == "Gumbel" and q[0] == "Gumbel")] + [
    (("Pareto", 2, 1), ("Exponential", 3)), (("Pareto", 2, 1), ("Gamma", 3, 4)), (("Pareto", 1, 2), ("Normal", -3, 4)),
    (("Pareto", 1, 2), ("Pareto", 3, 4)), (("Poisson", 2), ("Bernoulli", 0.5)), (("Poisson", 2.3), ("Binomial", 10, 0.2)),
    (("Uniform", -1, 1), ("Beta", 2, 2)), (("Uniform", 0, 2), ("Beta", 3, 4)), (("Uniform", -1, 2), ("Beta", 3, 4)),
    (("Uniform", -1, 2), ("Exponential", 3)), (("Uniform", -1, 2), ("Gamma", 3, 4)), (("Uniform", -1, 2), ("Pareto", 3, 4)),
]

def testkl_old_cases():
    grids = {**GRIDS, **OLD_GRIDS}
    out = unique([])
    for a, b in OLD_FINITE:
        pn, pgrid = grids[a]
        qn, qgrid = COLUMN_Q[b] if b in COLUMN_Q else grids[b]
        for i in range(4):
            for j in range(4):
                ps, pd = make(pn, *pgrid[j])
                qs, qd = make(qn, *(qgrid[j] if b in COLUMN_Q else qgrid[i]))
                out.append(kl_row(ps, pd, qs, qd, f"TestKL.finite_examples ({a}, {b})[{i}][{j}]"))
    # binomial_vectorized_count: Binomial([3, 4], [0.4, 0.6]) against Binomial([3, 4], [0.5, 0.8]), elementwise.
    for n, pp, qp in [(3, 0.4, 0.5), (4, 0.6, 0.8)]:
        (ps, pd), (qs, qd) = make("Binomial", n, pp), make("Binomial", n, qp)
        out.append(kl_row(ps, pd, qs, qd, "TestKL.finite_examples (binomial_vectorized_count, binomial_vectorized_count)"))
    for pe, qe in OLD_INFINITE:
        (ps, pd), (qs, qd) = build(pe), build(qe)
        out.append(kl_row(ps, pd, qs, qd, "TestKL.infinite_examples"))
    return out

NEW = {"Cauchy", "ContinuousBernoulli", "LowRankMultivariateNormal", "OneHotCategorical"}
KULLBACK = NEW | {"Bernoulli", "Binomial", "Categorical", "Geometric", "Poisson", "Normal", "LogNormal", "HalfNormal", "Laplace",
                  "Gumbel", "Exponential", "Gamma", "Beta", "Dirichlet", "Uniform", "Pareto", "StudentT", "MultivariateNormal", "Chi2"}

def torch_registered_pairs():
    from torch.distributions.kl import _KL_REGISTRY
    return sorted([p.__name__, q.__name__] for p, q in _KL_REGISTRY
                  if p.__name__ in KULLBACK and q.__name__ in KULLBACK and (p.__name__ in NEW or q.__name__ in NEW))

def quadrature():
    mpmath.mp.dps = 40
    out = []
    def normal_lp(x, m, s): return -(x - m) ** 2 / (2 * s * s) - mpmath.log(s) - mpmath.log(2 * mpmath.pi) / 2
    def laplace_lp(x, m, b): return -abs(x - m) / b - mpmath.log(2 * b)
    cases = [((0.0, 1.0), (0.0, 1.0)), ((0.5, 1.3), (-0.2, 0.8)), ((-1.0, 0.4), (1.5, 2.5)), ((2.0, 3.0), (0.0, 0.5)), ((0.0, 0.1), (0.05, 1.0))]
    for (m, s), (l, b) in cases:
        m, s, l, b = map(mpmath.mpf, (m, s, l, b))
        f = lambda x: mpmath.exp(normal_lp(x, m, s)) * (normal_lp(x, m, s) - laplace_lp(x, l, b))
        nl = mpmath.quad(f, [-mpmath.inf] + sorted({min(m, l) - 10 * s, l, m, max(m, l) + 10 * s}) + [mpmath.inf])
        g = lambda x: mpmath.exp(laplace_lp(x, l, b)) * (laplace_lp(x, l, b) - normal_lp(x, m, s))
        ln = mpmath.quad(g, [-mpmath.inf] + sorted({min(m, l) - 10 * b, m, l, max(m, l) + 10 * b}) + [mpmath.inf])
        out.append({"p": f"Normal({fmt(m)}, {fmt(s)})", "q": f"Laplace({fmt(l)}, {fmt(b)})", "kl": float(nl)})
        out.append({"p": f"Laplace({fmt(l)}, {fmt(b)})", "q": f"Normal({fmt(m)}, {fmt(s)})", "kl": float(ln)})
    return out

PROPS = [
    (("Cauchy", 0.5, 1.3), [[-4.0], [0.5], [7.5]]),
    (("Cauchy", -2.0, 0.2), [[-2.0], [0.0], [30.0]]),
    (("ContinuousBernoulli", 0.3), [[0.0], [0.25], [1.0]]),
    (("ContinuousBernoulli", 0.85), [[0.1], [0.6], [0.99]]),
    (("ContinuousBernoulli", 0.5002), [[0.0], [0.5], [0.9]]),
    (("ContinuousBernoulli", 0.02), [[0.01], [0.5], [1.0]]),
    (("ContinuousBernoulli", {"logits": 0.2}), [[0.0], [0.4], [1.0]]),
    (("ContinuousBernoulli", {"logits": -3.5}), [[0.0], [0.3], [0.8]]),
    (("Chi2", 3.0), [[0.2], [2.0], [9.5]]),
    (("Chi2", 0.7), [[0.05], [1.0], [4.0]]),
    (("OneHotCategorical", [0.2, 0.3, 0.5]), [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]),
    (("OneHotCategorical", {"logits": [0.1, -0.4, 1.2, 0.0]}), [[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]),
    (("Categorical", {"logits": [0.1, -0.4, 1.2]}), [[0.0], [2.0]]),
    (("Bernoulli", {"logits": -0.3}), [[0.0], [1.0]]),
    (("LowRankMultivariateNormal", [0.5, -0.3, 1.0], {"cov_factor": [[1.0, 0.2], [0.3, -0.5], [0.0, 0.8]], "cov_diag": [0.5, 1.2, 0.3]}),
     [[0.0, 0.0, 0.0], [1.5, -1.0, 2.0]]),
]

def properties():
    out = []
    for spec_args, points in PROPS:
        if spec_args[0] == "LowRankMultivariateNormal":
            ps, d = make(spec_args[0], spec_args[1], **spec_args[2])
        else:
            ps, d = build(spec_args)
        entry = {"spec": ps, "entropy": num(d.entropy().item())}
        if spec_args[0] == "Categorical":
            entry["mean"] = num((d.probs * torch.arange(3.0)).sum().item())
            entry["variance"] = num((d.probs * (torch.arange(3.0) - entry["mean"]) ** 2).sum().item())
            entry["moments_source"] = "sum over torch's probs"
        else:
            m, v = d.mean, d.variance
            entry["mean"] = [num(x) for x in m.tolist()] if m.dim() else num(m.item())
            entry["variance"] = [num(x) for x in v.tolist()] if v.dim() else num(v.item())
        entry["log_prob"] = [{"x": x, "value": num(d.log_prob(T(x if len(x) > 1 else x[0])).item())} for x in points]
        out.append(entry)
    return out

for fname, payload in [
        ("kl_parity.json", {"tool": TOOL, "what": "torch.distributions.kl_divergence(p, q) in float64 on torch's TestKL cases (v1.13) for the families added in issue 16", "pairs": list(kl_cases()), "torch_registered_pairs": torch_registered_pairs()}),
        ("kl_testkl.json", {"tool": TOOL, "what": "torch.distributions.kl_divergence(p, q) in float64 on the rest of torch's TestKL cases (v1.13), for the pairs Kullback had before issue 16", "pairs": list(testkl_old_cases())}),
        ("quadrature_kl.json", {"tool": TOOL, "what": "mpmath.quad at 40 digits of E_P[log p - log q]", "pairs": quadrature()}),
        ("properties_parity.json", {"tool": TOOL, "what": "entropy, mean, variance, log_prob at points, all from torch.distributions", "distributions": properties()})]:
    with open(os.path.join(HERE, fname), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", fname, len(payload.get("pairs", payload.get("distributions"))))
