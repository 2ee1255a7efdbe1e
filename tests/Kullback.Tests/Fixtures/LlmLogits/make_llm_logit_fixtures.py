"""Safetensors and llama.cpp KL-divergence base files for `kullback compare --logits`, with the same values as NPY
(run: /usr/bin/python3 make_llm_logit_fixtures.py in this folder; numpy only: the safetensors package is not needed,
the files are written by hand with struct and json).

Safetensors (u64 LE header size, JSON header {"name": {"dtype", "shape", "data_offsets"}, "__metadata__"}, raw LE data):
  a_f32.safetensors, b_f32.safetensors   the float32 logits of ../Compare/f32_f32_{a,b}.npy as [1, 37, 1000] (a batch of 1)
  b_f16.safetensors + b_f16.npy          B rounded to float16 (numpy astype), the same values in both files
  b_bf16.safetensors + b_bf16_as_f32.npy B rounded to bfloat16 (round to nearest even on the upper 16 bits), and those
                                         values widened to float32 in NPY
  two_tensors.safetensors                tensors "logits" (= A) and "hidden"; needs --tensor logits
  bad_dtype.safetensors                  an I32 tensor;  truncated.safetensors: a_f32 cut 100 bytes short
llama.cpp base files (written from the format of llama.cpp's tools/perplexity, `--kl-divergence-base`):
  "_logits_" | u32 n_ctx | i32 n_vocab | i32 n_chunk | i32 tokens[n_chunk*n_ctx] | per chunk n_ctx-1-n_ctx//2 rows of
  2*((n_vocab+1)//2)+4 u16: f32 scale, f32 min_log_prob, then q_i; log p_i = scale*q_i + min_log_prob.
  Quantisation as llama.cpp does it (float32): m = max z, lo = max(min z, m - 16), lse = log sum exp(z - m),
  min_log_prob = lo - m - lse, scale = (m - lo)/65535, q_i = rint((z_i - lo)/scale) if z_i > lo else 0.
  base_a.kld, base_b.kld  logits of two "models" (B = A + noise), n_ctx 16, n_vocab 51 (odd: exercises the padding), 3 chunks
  base_a_logp.npy, base_b_logp.npy, base_tokens.npy   the decoded log-probabilities (float32, as llama.cpp decodes them)
                                                      and the scored tokens tokens[c*n_ctx + n_ctx//2 + j + 1], as NPY
  base_truncated.kld (cut short), base_bad_token.kld (a scored token = n_vocab)
  llama_reference.json: numpy float64 on the decoded log-probabilities: our definitions (kl_mean with renormalised
  softmax) and llama.cpp's (its Mean KLD: no renormalisation, terms with log p_base <= -16 skipped; its ± and
  "Same top p" with ± sqrt(p(1-p)/(n-1))), to document the difference.
"""
import json, struct, numpy as np

rng = np.random.default_rng(13)
a = np.load("../Compare/f32_f32_a.npy"); b = np.load("../Compare/f32_f32_b.npy")

def safetensors(path, tensors, cut=0):
    header, blobs, offset = {"__metadata__": {"made_by": f"numpy {np.__version__}, written by hand"}}, [], 0
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw); offset += len(raw)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    data = struct.pack("<Q", len(h)) + h + b"".join(blobs)
    open(path, "wb").write(data[:len(data) - cut] if cut else data)

def bf16(x):
    bits = x.astype(np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    return rounded, (rounded.astype(np.uint32) << 16).view(np.float32)

shape = (1,) + a.shape
safetensors("a_f32.safetensors", {"logits": ("F32", shape, a.astype("<f4").tobytes())})
safetensors("b_f32.safetensors", {"logits": ("F32", shape, b.astype("<f4").tobytes())})
b16 = b.astype(np.float16); np.save("b_f16.npy", b16)
safetensors("b_f16.safetensors", {"logits": ("F16", shape, b16.astype("<f2").tobytes())})
braw, bwide = bf16(b); np.save("b_bf16_as_f32.npy", bwide)
safetensors("b_bf16.safetensors", {"logits": ("BF16", shape, braw.astype("<u2").tobytes())})
safetensors("two_tensors.safetensors", {"hidden": ("F32", (37, 4), np.zeros((37, 4), "<f4").tobytes()), "logits": ("F32", a.shape, a.astype("<f4").tobytes())})
safetensors("bad_dtype.safetensors", {"logits": ("I32", (2, 3), np.zeros((2, 3), "<i4").tobytes())})
safetensors("truncated.safetensors", {"logits": ("F32", shape, a.astype("<f4").tobytes())}, cut=100)

n_ctx, n_vocab, n_chunk = 16, 51, 3
first, per = n_ctx // 2, n_ctx - 1 - n_ctx // 2
tokens = rng.integers(0, n_vocab, n_chunk * n_ctx).astype("<i4")
za = (rng.standard_normal((n_chunk * per, n_vocab)) * 3).astype(np.float32)
za[0, :10] = -40  # below max - 16: stored as min_log_prob
zb = (za + rng.standard_normal(za.shape).astype(np.float32) * 0.4).astype(np.float32)
nv = 2 * ((n_vocab + 1) // 2) + 4

def quantise(z):
    f = np.float32
    rows = []
    for row in z:
        m = row.max(); lo = max(row.min(), f(m - f(16)))
        lse = f(np.log(np.exp((row - m).astype(np.float32)).astype(np.float64).sum()))
        min_log_prob = f(f(lo - m) - lse); scale = f(f(m - lo) / f(65535))
        q = np.zeros(nv - 4, np.uint16)
        if scale:
            inv = f(1) / scale
            q[:n_vocab] = np.where(row > lo, np.rint((inv * (row - lo)).astype(np.float32)), 0).astype(np.uint16)
        rows.append(np.concatenate([np.array([scale, min_log_prob], "<f4").view("<u2"), q]))
    return np.array(rows, "<u2")

def decode(u):
    s = u[:, :4].copy().view("<f4")
    return (s[:, :1] * u[:, 4:4 + n_vocab].astype(np.float32) + s[:, 1:2]).astype(np.float32)

def base_file(path, z, toks=tokens, cut=0):
    data = b"_logits_" + struct.pack("<Iii", n_ctx, n_vocab, n_chunk) + toks.tobytes() + quantise(z).tobytes()
    open(path, "wb").write(data[:len(data) - cut] if cut else data)
    return decode(quantise(z))

la_dec = base_file("base_a.kld", za); lb_dec = base_file("base_b.kld", zb)
np.save("base_a_logp.npy", la_dec); np.save("base_b_logp.npy", lb_dec)
scored = np.array([tokens[c * n_ctx + first + j + 1] for c in range(n_chunk) for j in range(per)], np.int64)
np.save("base_tokens.npy", scored)
base_file("base_truncated.kld", za, cut=7)
bad = tokens.copy(); bad[first + 1] = n_vocab
base_file("base_bad_token.kld", za, toks=bad)

# Our definitions (renormalised softmax of the decoded log-probabilities) and llama.cpp's, in float64.
def log_softmax(z):
    z = z.astype(np.float64); m = z.max(1, keepdims=True); return (z - m) - np.log(np.exp(z - m).sum(1, keepdims=True))
pa, lpa, lpb = np.exp(log_softmax(la_dec)), log_softmax(la_dec), log_softmax(lb_dec)
ours = (pa * (lpa - lpb)).sum(1)
base = la_dec.astype(np.float64)
keep = base > -16
llama = np.where(keep, np.exp(base) * (base - lpb), 0).sum(1)
n = len(llama)
def mean_unc(x):
    f = x.mean(); df = (x * x).mean() - f * f
    return f, (np.sqrt(df / (n - 1)) if df > 0 and n > 10 else 0.0)
same = (la_dec.argmax(1) == lb_dec.argmax(1)).mean()
ref = {"made_by": f"numpy {np.__version__}, float64 on the decoded float32 log-probabilities",
       "rows": n, "ours_kl_mean": ours.mean(), "ours_kl_mean_stderr": ours.std(ddof=1) / np.sqrt(n),
       "llama_mean_kld": mean_unc(llama)[0], "llama_mean_kld_uncertainty": mean_unc(llama)[1],
       "same_top": same, "same_top_uncertainty": np.sqrt(same * (1 - same) / (n - 1)),
       "ppl_a": float(np.exp(-lpa[np.arange(n), scored].mean())), "ppl_b": float(np.exp(-lpb[np.arange(n), scored].mean()))}
json.dump({k: (float(v) if not isinstance(v, str) else v) for k, v in ref.items()}, open("llama_reference.json", "w"), indent=1)
print(ref)
