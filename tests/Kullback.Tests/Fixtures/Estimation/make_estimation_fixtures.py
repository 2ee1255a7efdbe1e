"""Reference values for the plug-in and histogram estimators, made with SciPy and numpy
(run: /usr/bin/python3 make_estimation_fixtures.py in this folder).
plugin.json: scipy.stats.entropy on the (smoothed) counts; KL = entropy(p, q); PSI = entropy(p, q) + entropy(q, p);
JS = scipy.spatial.distance.jensenshannon(p, q) ** 2 (natural log); Miller-Madow = entropy + (m - 1) / (2N).
histogram.json: numpy.histogram_bin_edges on the pooled sample and numpy.histogram counts."""
import json, numpy as np, scipy
from scipy.stats import entropy
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(20261129)
cases = []
def case(cp, cq, alpha):
    cp = np.asarray(cp, float); cq = np.asarray(cq, float)
    p = cp + alpha; q = cq + alpha
    m = int((cp > 0).sum()); n = cp.sum()
    kl = entropy(p, q); rkl = entropy(q, p)
    cases.append(dict(counts_p=cp.tolist(), counts_q=cq.tolist(), alpha=alpha,
                      entropy_p=float(entropy(p)), entropy_p_miller_madow=float(entropy(p) + (m - 1) / (2 * n)),
                      kl=float(kl), js=float(jensenshannon(p, q) ** 2), psi=float(kl + rkl)))
case([10, 20, 30, 40], [25, 25, 25, 25], 0.0)
case([5, 0, 3, 1, 1], [1, 2, 3, 4, 5], 0.0)
case([5, 3, 0, 2], [4, 4, 0, 2], 0.0)
case([7, 3, 2], [5, 5, 0], 0.0)          # category 2 seen in P, never in Q: KL = inf
case([7, 3, 2], [5, 5, 0], 1.0)          # Laplace
case([7, 3, 2], [5, 5, 0], 0.5)          # Jeffreys
case([7, 3, 2], [5, 5, 0], 0.01)
for k in [3, 10, 50]:
    for alpha in [0.0, 0.5]:
        cp = rng.integers(1, 1000, size=k); cq = rng.integers(1, 1000, size=k)
        case(cp, cq, alpha)
def finite_or_text(x):  # JSON has no infinity: write it as the string "Infinity", as the kullback tool does
    return x if not isinstance(x, float) or np.isfinite(x) else ("Infinity" if x > 0 else "-Infinity")
cases = [{k: finite_or_text(v) for k, v in c.items()} for c in cases]
json.dump(dict(made_by=f"scipy {scipy.__version__}, numpy {np.__version__}", cases=cases),
          open("plugin.json", "w"), indent=1)

hist = []
for rule in ["fd", "sturges"]:
    a = rng.normal(0, 1, 300); b = rng.normal(0.5, 1.3, 200)
    edges = np.histogram_bin_edges(np.concatenate([a, b]), bins=rule)
    hist.append(dict(rule=rule, a=a.tolist(), b=b.tolist(), edges=edges.tolist(),
                     counts_a=np.histogram(a, edges)[0].tolist(), counts_b=np.histogram(b, edges)[0].tolist()))
json.dump(dict(made_by=f"numpy {np.__version__}", cases=hist), open("histogram.json", "w"))
