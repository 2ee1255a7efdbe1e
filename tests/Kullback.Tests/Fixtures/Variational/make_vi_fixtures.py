#!/usr/bin/python3
"""Reference values for Bayesian linear regression (variational inference tests).

Run with Debian's /usr/bin/python3 (scikit-learn 1.2, scipy 1.10, numpy 1.24) from the repository root:
    /usr/bin/python3 tests/Kullback.Tests/Fixtures/Variational/make_vi_fixtures.py
Writes data/diabetes.csv (scikit-learn's diabetes data, raw units, no header, target last) and
tests/.../Variational/linear_regression.json: for each (prior_std, noise_std) the exact log evidence
log p(y) = log N(y; 0, sigma^2 I + s^2 Phi Phi^T) from scipy.stats.multivariate_normal (the n x n function-space
form, independent of the weight-space form the library uses), and the exact posterior N(m, S) of the weights,
S = (Phi^T Phi / sigma^2 + I / s^2)^-1, m = S Phi^T y / sigma^2, with numpy.linalg.
Phi = [1, (X - mean) / std] (population std, ddof = 0): the same standardisation and intercept as `kullback vi`.
"""
import json, os
import numpy as np, scipy, scipy.stats, sklearn
from sklearn.datasets import load_diabetes

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", ".."))
X, y = load_diabetes(return_X_y=True, scaled=False)
X = X.astype(np.float64); y = y.astype(np.float64)
with open(os.path.join(ROOT, "data", "diabetes.csv"), "w") as f:
    for row, t in zip(X, y):
        f.write(",".join(repr(float(v)) if not float(v).is_integer() else str(int(v)) for v in row) + "," + (repr(float(t)) if not float(t).is_integer() else str(int(t))) + "\n")

# Read back exactly what was written, so the fixture describes the committed file.
data = np.loadtxt(os.path.join(ROOT, "data", "diabetes.csv"), delimiter=",")
X, y = data[:, :-1], data[:, -1]
Z = (X - X.mean(axis=0)) / X.std(axis=0)
Phi = np.hstack([np.ones((len(y), 1)), Z])
n, d = Phi.shape
corr = np.corrcoef(Z, rowvar=False)

cases = []
for prior_std, noise_std in [(100.0, 54.0), (10.0, 60.0), (300.0, 50.0)]:
    C = noise_std**2 * np.eye(n) + prior_std**2 * Phi @ Phi.T
    log_evidence = scipy.stats.multivariate_normal(mean=np.zeros(n), cov=C).logpdf(y)
    A = Phi.T @ Phi / noise_std**2 + np.eye(d) / prior_std**2
    S = np.linalg.inv(A)
    m = S @ Phi.T @ y / noise_std**2
    # The best mean-field q for a Gaussian posterior with precision A has variances 1/A_ii, and
    # D(q||posterior) = 1/2 (sum_i log A_ii - log det A)  (Bishop, PRML, section 10.1.2).
    mean_field_gap = 0.5 * (np.sum(np.log(np.diag(A))) - np.linalg.slogdet(A)[1])
    cases.append({"prior_std": prior_std, "noise_std": noise_std, "log_evidence": float(log_evidence),
                  "mean_field_optimal_gap": float(mean_field_gap),
                  "posterior_mean": m.tolist(), "posterior_covariance": S.tolist()})

out = {"tool": f"scipy {scipy.__version__}, numpy {np.__version__}, scikit-learn {sklearn.__version__} (Debian python3 packages); float64",
       "data": "data/diabetes.csv (sklearn.datasets.load_diabetes(scaled=False)), features standardised (ddof=0), intercept first",
       "rows": n, "weights": d, "max_abs_feature_correlation": float(np.max(np.abs(corr - np.eye(d - 1)))),
       "cases": cases}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "linear_regression.json"), "w") as f:
    json.dump(out, f, indent=1); f.write("\n")
print("wrote data/diabetes.csv and linear_regression.json", n, d, out["max_abs_feature_correlation"], [c["log_evidence"] for c in cases])
