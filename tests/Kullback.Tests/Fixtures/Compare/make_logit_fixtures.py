"""Reference for `kullback compare --logits`: small random logit files and every statistic computed by numpy in
float64 (run: /usr/bin/python3 make_logit_fixtures.py in this folder). D(softmax(A)||softmax(B)) per row with
log-softmax by max shift; percentiles are np.percentile's default (linear); stderr = std(ddof=1)/sqrt(n);
top1 = np.argmax (first index among ties); ppl = exp(mean(-log p(token))); delta_p = p_B(token) - p_A(token).
Full report: kl_reverse_mean = mean D(B||A); js_mean = mean JS with m = (p+q)/2; topK_overlap = mean |topK(A) & topK(B)|/K
with topK = np.argsort(-z, kind="stable")[:K] (ties by lower index; K = min(K, vocab)); same_sampled_p = mean sum p*q;
kl_mean_ci95 = mean -/+ 1.96 stderr; kl_by_confidence: bucket min(floor(10 max p_A), 9); delta_p percentiles as for KL."""
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
    q = np.exp(lb)
    r["kl_reverse_mean"] = np.where(q > 0, q * (lb - la), 0.0).sum(1).mean()
    m = 0.5 * (p + q)
    with np.errstate(divide="ignore", invalid="ignore"):
        js = 0.5 * np.where(p > 0, p * np.log(p / m), 0.0).sum(1) + 0.5 * np.where(q > 0, q * np.log(q / m), 0.0).sum(1)
    r["js_mean"] = js.mean()
    for k in (5, 10):
        kk = min(k, a.shape[1])
        ta = np.argsort(-a.astype(np.float64), 1, kind="stable")[:, :kk]; tb = np.argsort(-b.astype(np.float64), 1, kind="stable")[:, :kk]
        r[f"top{k}_overlap"] = np.mean([len(set(x) & set(y)) / kk for x, y in zip(ta, tb)])
    r["same_sampled_p"] = (p * q).sum(1).mean()
    se = r["kl_mean_stderr"]
    r["kl_mean_ci95_lo"] = kl.mean() - 1.96 * se; r["kl_mean_ci95_hi"] = kl.mean() + 1.96 * se
    bucket = np.minimum(np.floor(p.max(1) * 10).astype(int), 9)
    for j in range(10):
        r[f"kl_by_confidence_{j}_rows"] = int((bucket == j).sum())
        if (bucket == j).any(): r[f"kl_by_confidence_{j}_kl_mean"] = kl[bucket == j].mean()
    if t is not None:
        ia = la[np.arange(len(t)), t]; ib = lb[np.arange(len(t)), t]; d = np.exp(ib) - np.exp(ia)
        r.update(ppl_a=np.exp(-ia.mean()), ppl_b=np.exp(-ib.mean()), delta_p_mean=d.mean(), delta_p_rms=np.sqrt((d * d).mean()),
                 delta_p_median=np.median(d), delta_p_min=d.min(), delta_p_max=d.max())
        for name, q in [("p0_1", 0.1), ("p1", 1), ("p5", 5), ("p10", 10), ("p90", 90), ("p95", 95), ("p99", 99), ("p99_9", 99.9)]:
            r["delta_p_" + name] = np.percentile(d, q)
    return {k: float(v) for k, v in r.items()}

cases = {}
def case(name, rows, vocab, dtype_a, dtype_b, noise, tokens_dtype=None, masked=0, scale=2.5, rounded=False):
    a = (rng.standard_normal((rows, vocab)) * scale).astype(np.float32)
    b = a + rng.standard_normal((rows, vocab)).astype(np.float32) * noise * rng.random((rows, 1)).astype(np.float32)
    if rounded: a = np.round(a); b = np.round(b)   # many exact ties: top-k breaks them by the lower index
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
case("ties_small_vocab", 300, 8, np.float32, np.float32, 1.0, np.int64, scale=1.5, rounded=True)
case("confident", 400, 200, np.float32, np.float32, 0.5, np.int32, scale=6.0)
json.dump({"made_by": f"numpy {np.__version__} (float64)", "cases": cases}, open("logits_reference.json", "w"), indent=1)
