#!/usr/bin/python3
"""2-D NPY drift inputs (columns "0", "1"; NaN = missing) and SciPy's KS on them.

    /usr/bin/python3 make_drift_npy.py    # writes tables/npy_{reference,current}.npy and tables/npy_scipy.json
"""
import json
import numpy as np, scipy
from scipy import stats
rng = np.random.default_rng(5)
ref = rng.normal(0, 1, (300, 2)); cur = rng.normal(0, 1, (200, 2)); cur[:, 1] += 0.5
ref[::17, 0] = np.nan; cur[::11, 1] = np.nan
np.save("tables/npy_reference.npy", ref); np.save("tables/npy_current.npy", cur)
out = {"tool": f"scipy {scipy.__version__}, numpy {np.__version__}", "columns": []}
for c in range(2):
    a = ref[:, c][~np.isnan(ref[:, c])]; b = cur[:, c][~np.isnan(cur[:, c])]
    r = stats.ks_2samp(a, b)
    out["columns"].append({"name": str(c), "statistic": float(r.statistic), "p_value": float(r.pvalue),
                           "missing_reference": int(np.isnan(ref[:, c]).sum()), "missing_current": int(np.isnan(cur[:, c]).sum())})
json.dump(out, open("tables/npy_scipy.json", "w"), indent=1)
