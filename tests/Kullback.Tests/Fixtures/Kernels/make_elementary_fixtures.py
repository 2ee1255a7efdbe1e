"""Reference values for Kullback.Kernels.Elementary (log1p, softplus, sigmoid, x·log y) at the extremes.

Run with /usr/bin/python3 from this folder; writes elementary.json. mpmath at 60 digits, rounded to double.
"""
import json
import mpmath

mpmath.mp.dps = 60


def d(v):
    v = float(v)
    return repr(v)


log1p_x = [1e-300, 1e-20, -1e-20, 1e-16, -1e-16, 1e-10, -1e-10, 3e-8, 1e-5, -1e-5, 1e-4, 1e-3, 0.1, 0.5, -0.5,
           -0.999999, 1.0, 1e3, -1e3 / 1001, 1e300]
softplus_x = [-1e3, -745.0, -700.0, -100.0, -40.0, -36.8, -20.0, -1.0, -1e-10, 0.0, 1e-10, 1.0, 20.0, 36.8, 40.0, 100.0, 1e3]
sigmoid_x = [-1e3, -745.0, -700.0, -40.0, -20.0, -1.0, -1e-10, 0.0, 1e-10, 1.0, 20.0, 40.0, 1e3]
xlogy_xy = [(0.0, 0.0), (0.0, 1e-300), (1e-300, 1e-300), (1e-10, 1e-10), (0.5, 1e3), (1e3, 1e-3), (2.0, 1.0), (3.0, 1.0 + 1e-12)]

out = {
    "tool": f"mpmath {mpmath.__version__} (mp.dps = 60), rounded to float64",
    "log1p": [[d(x), d(mpmath.log1p(mpmath.mpf(x)))] for x in log1p_x],
    "softplus": [[d(x), d(mpmath.log1p(mpmath.exp(mpmath.mpf(x))))] for x in softplus_x],
    "sigmoid": [[d(x), d(1 / (1 + mpmath.exp(-mpmath.mpf(x))))] for x in sigmoid_x],
    "xlogy": [[d(x), d(y), d(0 if x == 0 else mpmath.mpf(x) * mpmath.log(mpmath.mpf(y)))] for x, y in xlogy_xy],
}
with open("elementary.json", "w") as f:
    json.dump(out, f, indent=1)
