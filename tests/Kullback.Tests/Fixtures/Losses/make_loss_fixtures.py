"""Reference values for Kullback's losses, made by PyTorch (float64) — never by Kullback itself.

Run:  /usr/bin/python3 make_loss_fixtures.py   (Debian python3-torch 1.13)   -> loss_fixtures.json

Each case names the arguments exactly as Kullback takes them, the expected loss (a number, or a list per row for
reduction 'none'), the gradient of the sum of the returned loss with respect to the logits (rows x cols, row-major,
flattened), and "reference": which torch expression produced it. Where Kullback deliberately differs from a PyTorch
reduction (documented in docs/losses.md), the value comes from an explicit torch formula of Kullback's definition
and "reference" says so; the PyTorch built-in value is then kept in "torch_builtin" for the record.
Non-finite numbers are the strings "Infinity", "-Infinity", "NaN".
"""
import json, math
import torch
import torch.nn.functional as F

torch.manual_seed(20261129)
D = torch.float64
cases = []


def num(x):
    x = float(x)
    if math.isnan(x): return "NaN"
    if math.isinf(x): return "Infinity" if x > 0 else "-Infinity"
    return x


def flat(t):
    return [num(v) for v in t.detach().reshape(-1).tolist()]


def loss_out(t):
    return flat(t) if t.dim() > 0 else num(t)


def grad_of(fn, z):
    z = z.clone().requires_grad_(True)
    out = fn(z)
    out.sum().backward()
    return out, z.grad


def smooth(p, eps):
    return p * (1 - eps) + eps / p.shape[1]


def decomposition(z, p):
    """Per-row H(P), H(P,Q), D(P||Q) for P = p (already smoothed), Q = softmax(z); 0*log 0 = 0."""
    logq = F.log_softmax(z, -1)
    h = torch.special.entr(p).sum(-1)
    hpq = -torch.where(p > 0, p * logq, torch.zeros_like(p)).sum(-1)
    d = torch.where(p > 0, p * (torch.log(torch.where(p > 0, p, torch.ones_like(p))) - logq), torch.zeros_like(p)).sum(-1)
    return h, hpq, d


def add(name, objective, z, reduction, loss, grad, reference, target=None, probs=None, weight=None, ignore=None,
        eps=0.0, mask=None, decomp=None, builtin=None):
    c = {"name": name, "objective": objective, "rows": z.shape[0], "cols": z.shape[1], "logits": flat(z),
         "reduction": reduction, "label_smoothing": eps, "loss": loss_out(loss), "grad": flat(grad), "reference": reference}
    if target is not None: c["target"] = target.tolist()
    if probs is not None: c["target_probs"] = flat(probs)
    if weight is not None: c["weight"] = flat(weight)
    if ignore is not None: c["ignore_index"] = ignore
    if mask is not None: c["row_mask"] = mask.tolist()
    if decomp is not None:
        c["entropy"], c["cross_entropy"], c["kl"] = (flat(t) for t in decomp)
    if builtin is not None: c["torch_builtin"] = loss_out(builtin)
    cases.append(c)


N, C = 6, 7
z0 = torch.randn(N, C, dtype=D) * 3
y0 = torch.randint(0, C, (N,))
w0 = torch.rand(C, dtype=D) * 2 + 0.1
p0 = torch.softmax(torch.randn(N, C, dtype=D) * 2, -1)
p0[1, 2] = 0.0; p0[1] = p0[1] / p0[1].sum()           # a zero target probability
p0[3] = 0.0; p0[3, 4] = 1.0                              # a one-hot row

# ---- cross-entropy, class-index targets: F.cross_entropy exactly ----
for reduction in ["none", "sum", "mean"]:
    for weighted in [False, True]:
        for ignore in [None, -100]:
            for eps in [0.0, 0.1]:
                y = y0.clone()
                if ignore is not None: y[2] = ignore; y[5] = ignore
                w = w0 if weighted else None
                kw = dict(weight=w, reduction=reduction, label_smoothing=eps)
                if ignore is not None: kw["ignore_index"] = ignore
                loss, g = grad_of(lambda z: F.cross_entropy(z, y, **kw), z0)
                onehot = F.one_hot(y.clamp(min=0), C).to(D)
                h, hpq, d = decomposition(z0, smooth(onehot, eps))
                keep = (y != (ignore if ignore is not None else -12345)).to(D)
                add(f"ce_index_{reduction}_w{int(weighted)}_ig{int(ignore is not None)}_ls{eps}", "cross_entropy", z0, reduction, loss, g,
                    f"F.cross_entropy(z, y, weight, ignore_index, label_smoothing, reduction='{reduction}')",
                    target=y, weight=w, ignore=ignore, eps=eps, decomp=(h * keep, hpq * keep, d * keep))

# batchmean for cross-entropy (not a PyTorch reduction of F.cross_entropy): sum / N, every row counted
y = y0.clone(); y[2] = -100
loss, g = grad_of(lambda z: F.cross_entropy(z, y, weight=w0, ignore_index=-100, label_smoothing=0.1, reduction="sum") / N, z0)
add("ce_index_batchmean", "cross_entropy", z0, "batchmean", loss, g, "F.cross_entropy(..., reduction='sum') / N",
    target=y, weight=w0, ignore=-100, eps=0.1)

# ---- cross-entropy, probability targets ----
for reduction in ["none", "sum", "mean"]:
    for weighted in [False, True]:
        for eps in [0.0, 0.2]:
            w = w0 if weighted else None
            if reduction == "mean" and weighted:
                # Kullback: sum / sum_i sum_c w_c p_ic (the expected weight of each row; equals PyTorch's index-target mean
                # for one-hot rows). PyTorch divides by N.
                norm = (p0 * w0).sum()
                loss, g = grad_of(lambda z: F.cross_entropy(z, p0, weight=w0, reduction="sum", label_smoothing=eps) / norm, z0)
                builtin = F.cross_entropy(z0, p0, weight=w0, reduction="mean", label_smoothing=eps)
                ref = "F.cross_entropy(z, p, weight, label_smoothing, reduction='sum') / (p * weight).sum()  [Kullback's weighted mean]"
            else:
                loss, g = grad_of(lambda z: F.cross_entropy(z, p0, weight=w, reduction=reduction, label_smoothing=eps), z0)
                builtin = None
                ref = f"F.cross_entropy(z, p, weight, label_smoothing, reduction='{reduction}')"
            h, hpq, d = decomposition(z0, smooth(p0, eps))
            add(f"ce_probs_{reduction}_w{int(weighted)}_ls{eps}", "cross_entropy", z0, reduction, loss, g, ref,
                probs=p0, weight=w, eps=eps, decomp=(h, hpq, d), builtin=builtin)

# probability targets with a row mask (no PyTorch argument): per-row losses times the mask, over the rows kept
mask = torch.tensor([True, False, True, True, False, True])
for reduction in ["none", "sum", "mean", "batchmean"]:
    def masked(z):
        rows = F.cross_entropy(z, p0, weight=w0, reduction="none", label_smoothing=0.1) * mask.to(D)
        if reduction == "none": return rows
        if reduction == "sum": return rows.sum()
        if reduction == "batchmean": return rows.sum() / N
        return rows.sum() / ((p0 * w0).sum(-1) * mask.to(D)).sum()
    loss, g = grad_of(masked, z0)
    add(f"ce_probs_mask_{reduction}", "cross_entropy", z0, reduction, loss, g,
        "F.cross_entropy(z, p, weight, label_smoothing=0.1, reduction='none') * mask, then reduced over the kept rows",
        probs=p0, weight=w0, eps=0.1, mask=mask)

# ---- KL objective: F.kl_div(F.log_softmax(z), p, reduction) ----
def kl_rows(z, p, w=None):
    logq = F.log_softmax(z, -1)
    terms = F.kl_div(logq, p, reduction="none")
    if w is not None: terms = terms * w
    return terms.sum(-1)

for eps in [0.0, 0.2]:
    pt = smooth(p0, eps)
    for reduction in ["none", "sum", "batchmean", "mean"]:
        if reduction == "none":
            fn, ref, builtin = (lambda z: kl_rows(z, pt)), "F.kl_div(F.log_softmax(z), p, reduction='none').sum(-1)", None
        elif reduction == "mean":
            fn = lambda z: F.kl_div(F.log_softmax(z, -1), pt, reduction="sum") / N
            ref = "F.kl_div(F.log_softmax(z), p, reduction='sum') / N  [Kullback's mean: per row; PyTorch's 'mean' divides by N*C]"
            builtin = F.kl_div(F.log_softmax(z0, -1), pt, reduction="mean")
        else:
            fn, ref, builtin = (lambda z, r=reduction: F.kl_div(F.log_softmax(z, -1), pt, reduction=r)), f"F.kl_div(F.log_softmax(z), p, reduction='{reduction}')", None
        loss, g = grad_of(fn, z0)
        h, hpq, d = decomposition(z0, pt)
        add(f"kl_probs_{reduction}_ls{eps}", "kl", z0, reduction, loss, g, ref, probs=p0, eps=eps, decomp=(h, hpq, d), builtin=builtin)

# KL with class-index targets (p = one-hot, smoothed) and with class weights (sum_c w_c p_c log(p_c/q_c))
for eps in [0.0, 0.1]:
    y = y0.clone(); y[4] = -100
    keep = (y != -100).to(D)
    pt = smooth(F.one_hot(y.clamp(min=0), C).to(D), eps) * keep[:, None]
    loss, g = grad_of(lambda z: kl_rows(z, pt).sum() / N, z0)
    add(f"kl_index_batchmean_ls{eps}", "kl", z0, "batchmean", loss, g,
        "F.kl_div(F.log_softmax(z), smoothed one-hot, reduction='none') summed, ignored row dropped, / N", target=y, ignore=-100, eps=eps)
    loss, g = grad_of(lambda z: kl_rows(z, pt, w0), z0)
    add(f"kl_index_weighted_none_ls{eps}", "kl", z0, "none", loss, g,
        "(F.kl_div(F.log_softmax(z), smoothed one-hot, reduction='none') * weight).sum(-1)", target=y, ignore=-100, eps=eps, weight=w0)
loss, g = grad_of(lambda z: kl_rows(z, p0, w0).sum() / (p0 * w0).sum(), z0)
add("kl_probs_weighted_mean", "kl", z0, "mean", loss, g,
    "(F.kl_div(F.log_softmax(z), p, reduction='none') * weight).sum() / (p * weight).sum()", probs=p0, weight=w0)

# ---- extreme logits ----
big = torch.tensor([[1e30, -1e30, 0.0, 5.0], [-1e30, 1e30, 1e30, 0.0], [3.0, 1e30, -2.0, 1e29]], dtype=D)
loss, g = grad_of(lambda z: F.cross_entropy(z, torch.tensor([0, 1, 3]), reduction="none"), big)
add("ce_index_huge_logits", "cross_entropy", big, "none", loss, g, "F.cross_entropy(z, y, reduction='none')", target=torch.tensor([0, 1, 3]))
pbig = torch.tensor([[0.5, 0.0, 0.5, 0.0], [0.0, 0.25, 0.75, 0.0], [0.1, 0.2, 0.3, 0.4]], dtype=D)
loss, g = grad_of(lambda z: F.cross_entropy(z, pbig, reduction="none"), big)
add("ce_probs_huge_logits", "cross_entropy", big, "none", loss, g, "F.cross_entropy(z, p, reduction='none')", probs=pbig)
ninf = float("-inf")
masked_z = torch.tensor([[ninf, 2.0, ninf, -1.0, 0.5], [0.0, ninf, ninf, ninf, 1.0], [1.0, 1.0, 1.0, ninf, 1.0]], dtype=D)
ym = torch.tensor([1, 4, 2])
loss, g = grad_of(lambda z: F.cross_entropy(z, ym, reduction="none"), masked_z)
add("ce_index_minus_infinity_logits", "cross_entropy", masked_z, "none", loss, g, "F.cross_entropy(z, y, reduction='none')", target=ym)
pm = torch.tensor([[0.0, 0.6, 0.0, 0.3, 0.1], [0.5, 0.0, 0.0, 0.0, 0.5], [0.2, 0.2, 0.2, 0.0, 0.4]], dtype=D)
def masked_ce(z):   # PyTorch gives NaN here (0 * -inf); the formula with 0*log q = 0 where p = 0:
    logq = F.log_softmax(z, -1)
    return -torch.where(pm > 0, pm * logq, torch.zeros_like(pm)).sum(-1)
loss, g = grad_of(masked_ce, masked_z)
add("ce_probs_minus_infinity_logits", "cross_entropy", masked_z, "none", loss, g,
    "-where(p > 0, p * F.log_softmax(z), 0).sum(-1)  [PyTorch's F.cross_entropy gives NaN: 0 * -inf]", probs=pm,
    builtin=F.cross_entropy(masked_z, pm, reduction="none"))
def masked_kl(z):
    logq = F.log_softmax(z, -1)
    return torch.where(pm > 0, pm * (torch.log(torch.where(pm > 0, pm, torch.ones_like(pm))) - logq), torch.zeros_like(pm)).sum(-1)
loss, g = grad_of(masked_kl, masked_z)
add("kl_probs_minus_infinity_logits", "kl", masked_z, "none", loss, g,
    "where(p > 0, p * (log p - F.log_softmax(z)), 0).sum(-1)  [PyTorch's F.kl_div gives NaN: 0 * -inf]", probs=pm,
    builtin=F.kl_div(F.log_softmax(masked_z, -1), pm, reduction="none").sum(-1))

# ---- a wide case (several SIMD widths and a tail) ----
zw = torch.randn(3, 301, dtype=D) * 3
pw_ = torch.softmax(zw + torch.randn(3, 301, dtype=D), -1)
loss, g = grad_of(lambda z: F.cross_entropy(z, pw_, reduction="mean", label_smoothing=0.05), zw)
add("ce_probs_wide", "cross_entropy", zw, "mean", loss, g, "F.cross_entropy(z, p, label_smoothing=0.05)", probs=pw_, eps=0.05)
yw = torch.tensor([0, 150, 300])
loss, g = grad_of(lambda z: F.cross_entropy(z, yw, reduction="mean"), zw)
add("ce_index_wide", "cross_entropy", zw, "mean", loss, g, "F.cross_entropy(z, y)", target=yw)

# ---- KL between two logit matrices: D(softmax(a_i) || softmax(b_i)) per row ----
a = torch.randn(5, 300, dtype=D) * 3
b = a + 0.5 * torch.randn(5, 300, dtype=D)
a[0, 7] = ninf; b[1, 9] = ninf; a[1, 9] = ninf
la, lb = F.log_softmax(a, -1), F.log_softmax(b, -1)   # PyTorch's kl_div gives NaN where p = 0 (0 * -inf): mask those terms
logit_kl = torch.where(la > -math.inf, la.exp() * (la - lb), torch.zeros_like(la)).sum(-1)
logit_kl_cases = [{"name": "logit_kl_rows", "rows": 5, "cols": 300, "a": flat(a), "b": flat(b), "kl": flat(logit_kl),
                   "reference": "where(p > 0, p * (F.log_softmax(a) - F.log_softmax(b)), 0).sum(-1), p = softmax(a)",
                   "torch_builtin": flat(F.kl_div(lb, la, log_target=True, reduction="none").sum(-1))}]

# ---- binary ----
binary = []
xb = torch.randn(9, dtype=D) * 3
xb[0] = 40.0; xb[1] = -40.0
yb = torch.tensor([1, 0, 1, 0, 1, 1, 0, 0.3, 0.8], dtype=D)
wb = torch.rand(9, dtype=D) + 0.5
for reduction in ["none", "sum", "mean"]:
    for weighted in [False, True]:
        for pos in [None, 2.5]:
            kw = dict(reduction=reduction)
            if weighted: kw["weight"] = wb
            if pos is not None: kw["pos_weight"] = torch.tensor(pos, dtype=D)
            loss, g = grad_of(lambda x: F.binary_cross_entropy_with_logits(x, yb, **kw), xb)
            c = {"name": f"logistic_{reduction}_w{int(weighted)}_pw{pos}", "kind": "logits", "x": flat(xb), "target": flat(yb),
                 "reduction": reduction, "loss": loss_out(loss), "grad": flat(g),
                 "reference": f"F.binary_cross_entropy_with_logits(x, y, weight, pos_weight, reduction='{reduction}')"}
            if weighted: c["weight"] = flat(wb)
            if pos is not None: c["pos_weight"] = pos
            binary.append(c)
pb = torch.sigmoid(xb.clamp(-8, 8))
for reduction in ["none", "sum", "mean"]:
    for weighted in [False, True]:
        kw = dict(reduction=reduction)
        if weighted: kw["weight"] = wb
        loss, g = grad_of(lambda p: F.binary_cross_entropy(p, yb, **kw), pb)
        c = {"name": f"bce_{reduction}_w{int(weighted)}", "kind": "probabilities", "x": flat(pb), "target": flat(yb),
             "reduction": reduction, "loss": loss_out(loss), "grad": flat(g),
             "reference": f"F.binary_cross_entropy(p, y, weight, reduction='{reduction}')"}
        if weighted: c["weight"] = flat(wb)
        binary.append(c)
# BCE with a positive-class weight (no such PyTorch argument): -w (pw y log p + (1 - y) log(1 - p))
loss, g = grad_of(lambda p: -(wb * (2.5 * yb * torch.log(p) + (1 - yb) * torch.log1p(-p))).mean(), pb)
binary.append({"name": "bce_mean_w1_pw2.5", "kind": "probabilities", "x": flat(pb), "target": flat(yb), "reduction": "mean",
               "weight": flat(wb), "pos_weight": 2.5, "loss": loss_out(loss), "grad": flat(g),
               "reference": "-(w * (pw * y * log p + (1 - y) * log1p(-p))).mean()"})

doc = {"tool": f"PyTorch {torch.__version__} (Debian python3-torch), float64", "generator": "make_loss_fixtures.py",
       "cases": cases, "logit_kl": logit_kl_cases, "binary": binary}
with open("loss_fixtures.json", "w") as f:
    json.dump(doc, f, indent=0, allow_nan=False)
print(len(cases), "multiclass cases,", len(binary), "binary cases")
