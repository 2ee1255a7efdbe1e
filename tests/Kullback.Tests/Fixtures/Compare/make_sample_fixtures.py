"""Sample files and SciPy/numpy reference values for `kullback compare A B` (run: /usr/bin/python3 make_sample_fixtures.py
in this folder). samples_reference.json: categorical (Laplace smoothing, categories in order of first appearance in A
then B) with scipy.stats.entropy; histogram of column 'x' with numpy.histogram_bin_edges(pooled, 'fd') and
scipy.stats.entropy on the counts; also bad files (ragged rows, NaN cell, empty, header only)."""
import json, numpy as np, scipy
from scipy.stats import entropy
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(42)
colors_a = rng.choice(["red", "green", "blue", "violet"], 300, p=[0.4, 0.3, 0.2, 0.1])
colors_b = rng.choice(["red", "green", "blue"], 200, p=[0.3, 0.3, 0.4])          # violet never in B
xa = rng.normal(0, 1, 400); ya = rng.normal(0, 1, 400)
xb = rng.normal(0.3, 1.2, 300); yb = rng.normal(0, 1, 300)
with open("cat_a.csv", "w") as f:
    f.write("id,color\n"); [f.write(f"{i},{c}\n") for i, c in enumerate(colors_a)]
with open("cat_b.csv", "w") as f:
    f.write("id,color\n"); [f.write(f"{i},{c}\n") for i, c in enumerate(colors_b)]
with open("num_a.csv", "w") as f:
    f.write("x,y\n"); [f.write(f"{x!r},{y!r}\n") for x, y in zip(xa, ya)]
with open("num_b_noheader.csv", "w") as f:
    [f.write(f"{x!r},{y!r}\n") for x, y in zip(xb, yb)]
np.save("x_a.npy", xa); np.save("xy_b.npy", np.stack([xb, yb], 1))
open("ragged.csv", "w").write("x,y\n1,2\n3\n4,5\n")
open("nan_cell.csv", "w").write("x\n1.5\n2.5\nNaN\n3\n")
open("empty.csv", "w").write("")
open("header_only.csv", "w").write("x,y\n")

cats = list(dict.fromkeys(list(colors_a) + list(colors_b)))
ca = np.array([np.sum(colors_a == c) for c in cats], float); cb = np.array([np.sum(colors_b == c) for c in cats], float)
pa, pb = ca + 1, cb + 1
categorical = dict(kl=entropy(pa, pb), reverse_kl=entropy(pb, pa), js=jensenshannon(pa, pb) ** 2,
                   psi=entropy(pa, pb) + entropy(pb, pa), entropy_a=entropy(pa), entropy_b=entropy(pb))
edges = np.histogram_bin_edges(np.concatenate([xa, xb]), bins="fd")
ha = np.histogram(xa, edges)[0].astype(float); hb = np.histogram(xb, edges)[0].astype(float)
w = np.diff(edges)
def hdiff(h):
    p = h / h.sum(); m = p > 0
    return float(-(p[m] * np.log(p[m] / w[m])).sum())
histogram = dict(bins=len(edges) - 1, kl=entropy(ha + 0.5, hb + 0.5), reverse_kl=entropy(hb + 0.5, ha + 0.5),
                 js=jensenshannon(ha + 0.5, hb + 0.5) ** 2, entropy_a=hdiff(ha), entropy_b=hdiff(hb),
                 unsmoothed_kl_is_inf=bool(np.any((ha > 0) & (hb == 0))))
json.dump({"made_by": f"scipy {scipy.__version__}, numpy {np.__version__}",
           "categorical_laplace": {k: float(v) for k, v in categorical.items()},
           "histogram_x_fd_jeffreys_kl_js": {k: (float(v) if not isinstance(v, bool) else v) for k, v in histogram.items()}},
          open("samples_reference.json", "w"), indent=1)
