"""Reference values for the mutual-information estimators (run: /usr/bin/python3 make_mi_fixtures.py in this folder).

regression.csv, classification.csv: tie-free inputs (random doubles written with 17 significant digits, so the
  CSV round-trips exactly). sklearn.json: sklearn.feature_selection.mutual_info_regression / mutual_info_classif
  (X, y, discrete_features=..., n_neighbors=k, random_state=0) on them. scikit-learn adds noise of 1e-10 * max(1,
  mean|x|) * N(0,1) to continuous columns after scaling; Kullback's --sklearn-compatible does the scaling without
  the noise, so agreement is to ~1e-4 (the issue's bar), not to the last bit.
discrete.json: sklearn.metrics.mutual_info_score (plug-in MI), Miller-Madow = plug-in + (mx + my - mxy - 1)/(2N)
  from scipy.stats.entropy of the margins and the joint, and Chao-Shen MI = H_CS(X) + H_CS(Y) - H_CS(X,Y) with
  H_CS evaluated in mpmath (50 digits) from the published formula (Chao & Shen 2003, eq. 2.6).
"""
import json, numpy as np, scipy, sklearn, mpmath
from scipy.stats import entropy
from sklearn.feature_selection import mutual_info_regression, mutual_info_classif
from sklearn.metrics import mutual_info_score

mpmath.mp.dps = 50
rng = np.random.default_rng(20261202)
made_by = f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, scipy {scipy.__version__}, mpmath {mpmath.__version__}"

def write_csv(path, names, cols):
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        for row in zip(*cols):
            f.write(",".join(v if isinstance(v, str) else (str(int(v)) if isinstance(v, (int, np.integer)) else repr(float(v))) for v in row) + "\n")

# Regression: y continuous; five continuous features of varied dependence and scale, one discrete (0..3).
n = 600
y = rng.normal(size=n) * 3.0 + 1.0
x0 = y + rng.normal(size=n)                   # strong linear
x1 = np.sin(y) * 5 + rng.normal(size=n) * 0.5 # non-linear
x2 = rng.normal(size=n) * 100                 # independent, large scale
x3 = rng.exponential(size=n) + 0.01 * y       # weak
x4 = (y ** 2) * 0.1 + rng.uniform(size=n)     # non-monotone
d5 = np.clip(np.floor(y / 2).astype(int) + 2 + rng.integers(0, 2, size=n), 0, 3)
reg_names = ["x0", "x1", "x2", "x3", "x4", "d5", "y"]
write_csv("regression.csv", reg_names, [x0, x1, x2, x3, x4, d5, y])
Xr = np.column_stack([x0, x1, x2, x3, x4, d5.astype(float)])

# Classification: 3 text classes; four continuous features and two discrete ones.
m = 500
label = rng.integers(0, 3, size=m)
names = np.array(["cat", "dog", "emu"])[label]
c0 = label + rng.normal(size=m)
c1 = rng.normal(size=m) * (1 + label)          # scale depends on class
c2 = rng.uniform(size=m)                       # independent
c3 = np.where(label == 2, rng.normal(size=m) + 4, rng.normal(size=m)) * 0.01
g4 = (label + rng.integers(0, 2, size=m)) % 3  # discrete, dependent
g5 = rng.integers(0, 5, size=m)                # discrete, independent
cls_names = ["c0", "c1", "c2", "c3", "g4", "g5", "label"]
write_csv("classification.csv", cls_names, [c0, c1, c2, c3, g4, g5, names])
Xc = np.column_stack([c0, c1, c2, c3, g4.astype(float), g5.astype(float)])

cases = []
for k in [3, 5]:
    cases.append(dict(file="regression.csv", target="y", task="regression", k=k, discrete=["d5"],
                      features=reg_names[:-1],
                      mi=mutual_info_regression(Xr, y, discrete_features=[5], n_neighbors=k, random_state=0).tolist()))
    cases.append(dict(file="classification.csv", target="label", task="classification", k=k, discrete=["g4", "g5"],
                      features=cls_names[:-1],
                      mi=mutual_info_classif(Xc, names, discrete_features=[4, 5], n_neighbors=k, random_state=0).tolist()))
    # all continuous (sklearn's default for dense X)
    cases.append(dict(file="regression.csv", target="y", task="regression", k=k, discrete=[],
                      features=reg_names[:-1],
                      mi=mutual_info_regression(Xr, y, n_neighbors=k, random_state=0).tolist()))
json.dump(dict(made_by=made_by, cases=cases), open("sklearn.json", "w"), indent=1)

def h_cs(counts):
    counts = [int(c) for c in counts if c > 0]
    N = mpmath.mpf(sum(counts)); f1 = sum(1 for c in counts if c == 1)
    if f1 == N: f1 = N - 1
    C = 1 - mpmath.mpf(f1) / N
    return -sum(C * c / N * mpmath.log(C * c / N) / (1 - (1 - C * c / N) ** N) for c in counts)

def discrete_case(x, y):
    x = list(map(int, x)); y = list(map(int, y))
    _, cx = np.unique(x, return_counts=True); _, cy = np.unique(y, return_counts=True)
    _, cxy = np.unique(np.array([x, y]).T, axis=0, return_counts=True)
    N = len(x)
    plug = mutual_info_score(x, y)
    mm = entropy(cx) + entropy(cy) - entropy(cxy) + (len(cx) + len(cy) - len(cxy) - 1) / (2 * N)
    cs = h_cs(cx) + h_cs(cy) - h_cs(cxy)
    return dict(x=x, y=y, plugin=float(plug), miller_madow=float(mm), chao_shen=float(cs),
                chao_shen_entropy_x=float(h_cs(cx)))

dcases = [discrete_case([0, 0, 1, 1], [0, 0, 1, 1]),
          discrete_case([0, 1, 0, 1], [0, 0, 1, 1]),
          discrete_case([1, 2, 3, 4, 5, 6, 7, 7], [0, 0, 0, 1, 1, 1, 1, 1]),
          discrete_case(rng.integers(0, 4, 200), rng.integers(0, 3, 200))]
a = rng.integers(0, 6, 300); dcases.append(discrete_case(a, (a + rng.integers(0, 2, 300)) % 6))
a = rng.integers(0, 40, 150); dcases.append(discrete_case(a, a // 5))   # many singletons
json.dump(dict(made_by=made_by, cases=dcases), open("discrete.json", "w"), indent=1)
print("wrote", len(cases), "sklearn cases and", len(dcases), "discrete cases")
