#!/usr/bin/python3
"""Generated tables with known shifts and drift_anchor.py's verdicts on them (pandas + SciPy, versions recorded).

    /usr/bin/python3 make_drift_tables.py /work/shared/anchors/drift_anchor.py
writes tables/{small,large}_{reference,current}.csv and tables/{small,large}_anchor.json.
"""
import json, subprocess, sys
import numpy as np, pandas as pd, scipy

anchor = sys.argv[1]
rng = np.random.default_rng(2026)

def table(n, shifted):
    d = {}
    d["same"] = np.round(rng.normal(0, 1, n), 6)
    d["mean_shift"] = np.round(rng.normal(0.6 if shifted else 0, 1, n), 6)
    d["variance_shift"] = np.round(rng.normal(0, 2.0 if shifted else 1, n), 6)
    d["integer_ties"] = rng.integers(0, 40, n)
    cats = ["apple", "banana", "cherry", "date"]
    d["category_same"] = rng.choice(cats, n)
    d["new_category"] = rng.choice(cats + (["elderberry"] if shifted else []), n)
    d["proportion"] = rng.choice(["yes", "no"], n, p=[0.7, 0.3] if shifted else [0.5, 0.5])
    d["few_values"] = rng.choice([1, 2, 3], n, p=[0.2, 0.3, 0.5] if shifted else [0.3, 0.3, 0.4])
    x = np.round(rng.normal(0.3 if shifted else 0, 1, n), 6).astype(object)
    x[rng.random(n) < (0.2 if shifted else 0.05)] = None
    d["missing_numeric"] = x
    t = rng.choice(["red", "green", "blue"], n).astype(object)
    t[rng.random(n) < 0.1] = None
    d["missing_text"] = t
    return pd.DataFrame(d)

meta = {"tool": f"drift_anchor.py with pandas {pd.__version__}, scipy {scipy.__version__}, numpy {np.__version__}"}
for name, nref, ncur in [("small", 800, 600), ("large", 3000, 2500)]:
    ref, cur = table(nref, False), table(ncur, True)
    rp, cp = f"tables/{name}_reference.csv", f"tables/{name}_current.csv"
    ref.to_csv(rp, index=False)
    cur.to_csv(cp, index=False)
    out = subprocess.run(["/usr/bin/python3", anchor, rp, cp, "--json"], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    result["_generated_by"] = meta["tool"]
    with open(f"tables/{name}_anchor.json", "w") as f:
        json.dump(result, f, indent=1)
