#!/usr/bin/python3
"""Exact D(P‖Q) in mpmath (400 digits: the terms of the large-concentration cases cancel by ~300 digits; every float parameter taken as the exact binary double) for the closed forms whose
terms cancel (issue 10, item 9): P in {Beta, Gamma, Chi2, Exponential}, Q in {Exponential, Gamma, Chi2, Normal, Gumbel,
ContinuousBernoulli, Beta, Uniform}. The cases are every such pair in kl.json, kl_parity.json and kl_testkl.json (torch's
TestKL grids), plus Beta with one parameter small and one large, and with both huge.

D(P‖Q) = −H(P) − E_P[log q(X)], with E_P of Q's sufficient statistics exact:
  Beta(a, b), c = a + b:  H = log B(a, b) − (a − 1)ψ(a) − (b − 1)ψ(b) + (c − 2)ψ(c), E X = a/c, E X² = a(a + 1)/(c(c + 1)),
                          E log X = ψ(a) − ψ(c), E log(1 − X) = ψ(b) − ψ(c), E e^{−X/s} = ₁F₁(a; c; −1/s);
  Gamma(α, β):            H = α − log β + log Γ(α) + (1 − α)ψ(α), E X = α/β, E X² = α(α + 1)/β², E log X = ψ(α) − log β,
                          E e^{−X/s} = (1 + 1/(βs))^{−α};  Chi2(k) = Gamma(k/2, 1/2), Exponential(λ) = Gamma(1, λ).
  log q: Exp λ: log λ − λx; Gamma(α, β): α log β − log Γ(α) + (α − 1) log x − βx; N(μ, σ): −½ log 2πσ² − (x − μ)²/(2σ²);
  Gumbel(μ, s): −log s − z − e^{−z}, z = (x − μ)/s; CB(λ): log C(λ) + x log λ + (1 − x) log(1 − λ), C(λ) = 2 atanh(1 − 2λ)/(1 − 2λ);
  Beta(a₂, b₂): (a₂ − 1) log x + (b₂ − 1) log(1 − x) − log B(a₂, b₂); U(l, h): −log(h − l) when [0, 1] ⊆ [l, h].
Writes kl_exact.json next to this script.  Run: /usr/bin/python3 tests/Kullback.Tests/Fixtures/Distributions/make_exact_kl.py
"""
import json, os, re
import mpmath
from mpmath import mp, mpf

mp.dps = 400
HERE = os.path.dirname(os.path.abspath(__file__))
P_FAMILIES = {"Beta", "Gamma", "Chi2", "Exponential"}
Q_FAMILIES = {"Exponential", "Gamma", "Chi2", "Normal", "Gumbel", "ContinuousBernoulli", "Beta", "Uniform"}


def parse(spec):
    name, body = re.fullmatch(r"(\w+)\((.*)\)", spec).groups()
    args, named = [], {}
    if name not in P_FAMILIES | Q_FAMILIES: return name, None, None
    for part in body.split(","):
        part = part.strip()
        if "=" in part:
            k, v = part.split("=")
            named[k.strip()] = mpf(float(v))
        else:
            args.append(mpf(float(part)))
    return name, args, named


def as_gamma(name, args):
    if name == "Gamma": return args[0], args[1]
    if name == "Chi2": return args[0] / 2, mpf(1) / 2
    if name == "Exponential": return mpf(1), args[0]
    return None


def moments(name, args):
    """(H, E X, E X², E log X, E log(1 − X) or None, E e^{−X/s} as a function of s)."""
    if name == "Beta":
        a, b = args
        c = a + b
        h = mp.log(mp.beta(a, b)) - (a - 1) * mp.digamma(a) - (b - 1) * mp.digamma(b) + (c - 2) * mp.digamma(c)
        return (h, a / c, a * (a + 1) / (c * (c + 1)), mp.digamma(a) - mp.digamma(c), mp.digamma(b) - mp.digamma(c),
                lambda s: mp.hyp1f1(a, c, -1 / s))
    al, be = as_gamma(name, args)
    h = al - mp.log(be) + mp.loggamma(al) + (1 - al) * mp.digamma(al)
    return (h, al / be, al * (al + 1) / be ** 2, mp.digamma(al) - mp.log(be), None, lambda s: (1 + 1 / (be * s)) ** (-al))


def expected_log_q(qname, qargs, qnamed, m, p_on_unit):
    h, ex, ex2, elog, elog1m, laplace = m
    g = as_gamma(qname, qargs)
    if g is not None:
        al, be = g
        return al * mp.log(be) - mp.loggamma(al) + (al - 1) * elog - be * ex
    if qname == "Normal":
        mu, sigma = qargs
        return -mp.log(2 * mp.pi * sigma ** 2) / 2 - (ex2 - 2 * mu * ex + mu ** 2) / (2 * sigma ** 2)
    if qname == "Gumbel":
        mu, s = qargs
        return -mp.log(s) - (ex - mu) / s - mp.exp(mu / s) * laplace(s)
    if qname == "ContinuousBernoulli":
        lam = qargs[0] if qargs else 1 / (1 + mp.exp(-qnamed["logits"]))
        logc = mp.log(2) if lam == mpf(1) / 2 else mp.log(2 * mp.atanh(1 - 2 * lam) / (1 - 2 * lam))
        return logc + ex * mp.log(lam) + (1 - ex) * mp.log(1 - lam)
    if qname == "Beta":
        a2, b2 = qargs
        return (a2 - 1) * elog + (b2 - 1) * elog1m - mp.log(mp.beta(a2, b2))
    if qname == "Uniform":
        lo, hi = qargs
        return -mp.log(hi - lo)
    raise ValueError(qname)


def exact(p, q):
    pname, pargs, _ = parse(p)
    qname, qargs, qnamed = parse(q)
    if pargs is None or qargs is None: return None
    if pname not in P_FAMILIES or qname not in Q_FAMILIES: return None
    on_unit = pname == "Beta"
    # Supports: a Beta P needs Q positive on [0, 1]; a Gamma-like P needs Q positive on (0, ∞).
    if not on_unit and qname in {"Beta", "ContinuousBernoulli", "Uniform"}: return None
    if qname == "Uniform" and not (qargs[0] <= 0 and qargs[1] >= 1): return None
    m = moments(pname, pargs)
    return -m[0] - expected_log_q(qname, qargs, qnamed, m, on_unit)


def main():
    seen, rows = set(), []
    for name in ["kl.json", "kl_parity.json", "kl_testkl.json"]:
        for pair in json.load(open(os.path.join(HERE, name)))["pairs"]:
            key = (pair["p"], pair["q"])
            if key in seen or isinstance(pair["kl"], str): continue
            d = exact(*key)
            if d is None: continue
            seen.add(key)
            rows.append({"p": key[0], "q": key[1], "kl": float(d), "case": f"{name}: {pair.get('case', 'torch pair')}"})
    large = [("Beta(1, 1e16)", "Normal(0, 1)"), ("Beta(1e16, 1)", "Normal(0, 1)"), ("Beta(0.5, 1e12)", "Normal(0, 1)"),
             ("Beta(3.5, 1e300)", "Normal(0, 1)"), ("Beta(1e300, 0.25)", "Normal(0, 1)"), ("Beta(2, 60)", "Normal(0, 1)"),
             ("Beta(49, 1e6)", "Normal(0, 1)"), ("Beta(1, 1e16)", "Exponential(5)"), ("Beta(2.5, 1e10)", "Gamma(1, 3.5)"),
             ("Beta(2.5, 1e10)", "Gamma(3, 2)"), ("Beta(1e8, 7)", "Uniform(0, 1)"), ("Beta(1e16, 1e16)", "Exponential(5)"),
             ("Beta(1e12, 1e12)", "Gamma(2, 3)"), ("Beta(0.5, 1e5)", "Beta(1, 3.5)"), ("Beta(1e6, 2e6)", "Beta(2.5, 1.5)"),
             ("Beta(1, 1e16)", "ContinuousBernoulli(0.2)"), ("Beta(100, 3000)", "Gamma(2.5, 1.5)")]
    for p, q in large:
        rows.append({"p": p, "q": q, "kl": float(exact(p, q)), "case": "large concentration"})
    out = {"tool": f"mpmath {mpmath.__version__}, {mp.dps} digits; parameters are the exact binary doubles",
           "what": "exact D(P||Q) = -H(P) - E_P[log q(X)] for the closed forms whose terms cancel (issue 10, item 9)",
           "pairs": rows}
    with open(os.path.join(HERE, "kl_exact.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(len(rows), "pairs")


if __name__ == "__main__":
    main()
