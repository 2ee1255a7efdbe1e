"""Writes the small example files the README and the docs/ guides use (run from the repository root:
/usr/bin/python3 examples/make_examples.py). Inputs for the commands, not reference values: numpy's seeded
generator makes them; the .kbm model is written by `kullback train --save examples/digits.kbm` (defaults)."""
import json, numpy as np

rng = np.random.default_rng(0)
out = "examples/"

# compare a.csv b.csv --column color: two samples of a categorical column (with a numeric one beside it).
def colors(n, p):
    return rng.choice(["red", "green", "blue"], size=n, p=p)
for name, p, shift in (("a", [0.5, 0.3, 0.2], 0.0), ("b", [0.4, 0.3, 0.3], 0.5)):
    with open(out + f"{name}.csv", "w") as f:
        f.write("color,size\n")
        for c, s in zip(colors(200, p), rng.normal(shift, 1, 200)):
            f.write(f"{c},{s:.4f}\n")

# compare --logits model.npy quantised.npy --tokens tokens.npy: 64 tokens × 50 vocabulary logits, the second a
# float16-rounded copy with small noise, and the observed tokens.
model = rng.normal(0, 2, (64, 50)).astype(np.float32)
quantised = (model + rng.normal(0, 0.05, model.shape)).astype(np.float16).astype(np.float32)
np.save(out + "model.npy", model)
np.save(out + "quantised.npy", quantised)
np.save(out + "tokens.npy", rng.integers(0, 50, 64).astype(np.int32))

# drift train.csv this_month.csv --threshold age=0.2: a numeric, a categorical and a shifted column.
for name, age_mean, n in (("train", 40, 300), ("this_month", 46, 200)):
    with open(out + f"{name}.csv", "w") as f:
        f.write("age,city,income\n")
        for a, c, i in zip(rng.normal(age_mean, 10, n), rng.choice(["Paris", "Lyon", "Nice"], n), rng.lognormal(8, 0.5, n)):
            f.write(f"{a:.1f},{c},{i:.2f}\n")

# calibrate --logits z.npy --labels y.npy (…--fit-logits val_z.npy --fit-labels val_y.npy), --probabilities q.npy
# --labels y.csv: an over-confident 4-class model (logits = 3 × the calibrated ones).
def calibration_set(n):
    y = rng.integers(0, 4, n)
    z = rng.normal(0, 1, (n, 4)) + 1.5 * np.eye(4)[y]
    return (3 * z).astype(np.float32), y.astype(np.int64)
z, y = calibration_set(300)
val_z, val_y = calibration_set(200)
np.save(out + "z.npy", z); np.save(out + "y.npy", y)
np.save(out + "val_z.npy", val_z); np.save(out + "val_y.npy", val_y)
q = np.exp(z.astype(np.float64) - z.max(axis=1, keepdims=True)); q /= q.sum(axis=1, keepdims=True)
np.save(out + "q.npy", q)
np.savetxt(out + "y.csv", y, fmt="%d")

# predict --model digits.kbm < rows.jsonl: three rows of the bundled digits (64 pixel values 0…16) with their labels.
import gzip
with gzip.open("data/digits.csv.gz", "rt") as f:
    rows = [line.strip().split(",") for line in f if line.strip()][:3]
with open(out + "rows.jsonl", "w") as f:
    for i, r in enumerate(rows):
        f.write(json.dumps({"id": i, "x": [float(v) for v in r[:-1]], "label": int(float(r[-1]))}) + "\n")

# kl --input pairs.jsonl (docs/distributions.md): a closed form, an infinite one and a bad line.
with open(out + "pairs.jsonl", "w") as f:
    f.write('{"id":"a","p":"Poisson(3)","q":"Poisson(2)"}\n')
    f.write('{"id":"b","p":"Categorical([0.5, 0.5])","q":"Categorical([1, 0])"}\n')
    f.write('{"id":"c","p":"Normal(0, -1)","q":"Normal(0, 1)"}\n')
