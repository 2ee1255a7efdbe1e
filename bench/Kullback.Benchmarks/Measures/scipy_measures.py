#!/usr/bin/python3
"""SciPy peer of MeasureBenchmarks: scipy.stats.entropy (H(P) and D(P‖Q)) and scipy.spatial.distance.jensenshannon
on one pair of float64 softmax(3·N(0,1)) vectors of N classes; median of repeated timings, in microseconds.
Run: /usr/bin/python3 bench/Kullback.Benchmarks/Measures/scipy_measures.py
"""
import json, statistics, time
import numpy as np, scipy, scipy.stats, scipy.spatial.distance

rng = np.random.default_rng(0)


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def bench(fn, target_s=0.3):
    fn()
    reps = 1
    while True:
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        if time.perf_counter() - t > 0.05:
            break
        reps *= 2
    samples = []
    for _ in range(max(3, int(target_s / max(time.perf_counter() - t, 1e-9)))):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        samples.append((time.perf_counter() - t) / reps)
        if len(samples) >= 15:
            break
    return statistics.median(samples) * 1e6


for n in (10, 1000, 32000):
    p = softmax(3 * rng.standard_normal(n)); q = softmax(3 * rng.standard_normal(n))
    for name, fn in (("entropy", lambda: scipy.stats.entropy(p)),
                     ("kl", lambda: scipy.stats.entropy(p, q)),
                     ("js", lambda: scipy.spatial.distance.jensenshannon(p, q))):
        print(json.dumps({"impl": f"scipy {scipy.__version__}", "measure": name, "n": n, "us": round(bench(fn), 3)}), flush=True)
