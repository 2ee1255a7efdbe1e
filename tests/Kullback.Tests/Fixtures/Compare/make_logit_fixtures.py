"""Reference for `kullback compare --logits`: small random logit files and every statistic computed by numpy in
float64 (run: /usr/bin/python3 make_logit_fixtures.py in this folder). D(softmax(A)||softmax(B)) per row with
log-softmax by max shift; percentiles are np.percentile's default (linear); stderr = std(ddof=1)/sqrt(n);
top1 = np.argmax (first index among ties); ppl = exp(mean(-log p(token))); delta_p = p_B(token) - p_A(token)."""
import json, numpy as np

rng = np.random.default_rng(6)
def log_softmax(z):
    z = z.astype(np.float64); m = z.max(1, keepdims=True)
    return (z - m) - np.log(np.exp(z - m).sum(1, keepdims=True))

def reference(a, b, t):
    la, lb = log_softmax(a), log_softmax(b); p = np.exp(la)
    kl = np.where(p > 0, p * (la - lb), 0.0).sum(1)
    r = {"tokens": len(kl), "kl_mean": kl.mean(), "kl_mean_stderr": kl.std(ddof=1) / np.sqrt(len(kl)),
         "kl_median": np.median(kl), "kl_min": kl.min(), "kl_max": kl.max()}
    for name, q in [("kl_p0_1", 0.1), ("kl_p1", 1), ("kl_p5", 5), ("kl_p10", 10), ("kl_p90", 90), ("kl_p95", 95), ("kl_p99", 99), ("kl_p99_9", 99.9)]:
        r[name] = np.percentile(kl, q)
    r["top1_agreement"] = (a.astype(np.float64).argmax(1) == b.astype(np.float64).argmax(1)).mean()
    if t is not None:
        ia = la[np.arange(len(t)), t]; ib = lb[np.arange(len(t)), t]; d = np.exp(ib) - np.exp(ia)
        r.update(ppl_a=np.exp(-ia.mean()), ppl_b=np.exp(-ib.mean()), delta_p_mean=d.mean(), delta_p_rms=np.sqrt((d * d).mean()))
    return {k: float(v) for k, v in r.items()}

cases = {}
def case(name, rows, vocab, dtype_a, dtype_b, noise, tokens_dtype=None, masked=0):
    a = (rng.standard_normal((rows, vocab)) * 2.5).astype(np.float32)
    b = a + rng.standard_normal((rows, vocab)).astype(np.float32) * noise * rng.random((rows, 1)).astype(np.float32)
    if masked:
        cols = rng.choice(vocab, masked, replace=False); a[:, cols] = -np.inf; b[:, cols] = -np.inf
    a = a.astype(dtype_a); b = b.astype(dtype_b)
    np.save(f"{name}_a.npy", a); np.save(f"{name}_b.npy", b)
    t = None
    if tokens_dtype:
        t = rng.integers(0, vocab, rows).astype(tokens_dtype); np.save(f"{name}_t.npy", t)
        t = t.astype(np.int64)
    cases[name] = reference(a, b, t)

case("f32_f32", 37, 1000, np.float32, np.float32, 0.05, np.int64)
case("f32_f16", 50, 515, np.float32, np.float16, 0.1, np.int32)
case("f16_f16_masked", 20, 64, np.float16, np.float16, 0.3, None, masked=5)
json.dump({"made_by": f"numpy {np.__version__} (float64)", "cases": cases}, open("logits_reference.json", "w"), indent=1)
