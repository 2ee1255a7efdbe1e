"""PyTorch's own criterion tests (torch.testing._internal.common_nn, torch 1.13, float64) as `kullback loss` requests.

Run:  /usr/bin/python3 make_torch_criterion_fixtures.py   (Debian python3-torch 1.13)   -> torch_criterion_fixtures.json

Every case is one `kullback loss` JSON line ("request", without its id) with the loss and the gradient with respect to the
request's input ("probs", "logits" or "log_probs", in the same shape) that PyTorch computes for it, and "reference": the
torch expression that made them. Nothing here is computed by Kullback. Sources:

* torch's criterion tests for BCELoss, BCEWithLogitsLoss, KLDivLoss (log_target and not) and NLLLoss, taken from
  common_nn.criterion_tests / new_module_tests: their input_fn/target_fn (seeded here), weights and options.
  - The no_batch_dim tests build their module with a late-bound `reduction` (every one of them runs 'sum' in torch 1.13);
    here each uses the reduction its name says.
  - KLDivLoss's inputs are log-probabilities; Kullback's KL objective takes logits, so torch's input i is used as the logits
    and the reference is KLDivLoss(...)(F.log_softmax(i, -1), t) — torch's numbers for the same data through a
    log-softmax. Their targets are not normalised (torch.rand), so those requests carry "torch_compatible": true; a
    normalised copy of each (target / sum, or t - logsumexp(t)) checks Kullback's default mode. For reduction 'none'
    Kullback returns one KL per row: the reference sums torch's element-wise result over the row.
  - NLLLoss's spatial tests (2d, higher_dim, dim_is_3, Nd) are not included: Kullback's losses are on N × C matrices.
  - The BCE no_batch_dim tests draw targets from torch.randn (outside [0, 1]): torch accepts them, Kullback only with
    "torch_compatible": true.
* pos_weight for BCEWithLogitsLoss (not among torch's criterion tests): nn.BCEWithLogitsLoss(weight, pos_weight=...).
  Their logits include ±40, where torch's expression rounds the tail to 0 and Kullback's default keeps it (4.2e-18):
  those requests carry "torch_compatible": true (the default's tails: logistic_tail.json, against mpmath).
* sample weights (scikit-learn's sample_weight): (torch per-row loss * s).sum() / (s * row count).sum() by autograd, and
  where scikit-learn defines the value (log_loss) its number is kept as "sklearn" and checked too.
* torch_compatible cases: the torch built-in where Kullback's default differs (weighted mean with probability targets,
  every row ignored, unnormalised targets, kl_div 'mean', BCE on certain wrong probabilities).
Non-finite numbers are the strings "Infinity", "-Infinity", "NaN".
"""
import json, math, re, sys, types, unittest

# common_nn imports common_utils, which wants the `expecttest` package (absent from Debian); a stand-in is enough to
# read the test lists (nothing of expecttest is used here).
_stub = types.ModuleType("expecttest"); _stub.TestCase = unittest.TestCase; _stub.ACCEPT = False
sys.modules.setdefault("expecttest", _stub)

import torch
import torch.nn as nn
import torch.nn.functional as F
import sklearn
from sklearn.metrics import log_loss

torch.set_default_dtype(torch.float64)
from torch.testing._internal import common_nn as cn

D = torch.float64
cases = []


def num(x):
    x = float(x)
    if math.isnan(x): return "NaN"
    if math.isinf(x): return "Infinity" if x > 0 else "-Infinity"
    return x


def nested(t):
    t = t.detach()
    if t.dim() == 0: return num(t)
    return [nested(r) for r in t] if t.dim() > 1 else [num(v) for v in t.tolist()]


def add(name, source, request, loss, grad, reference, **extra):
    c = {"name": name, "source": source, "request": request, "loss": nested(loss), "grad": nested(grad), "reference": reference}
    c.update(extra)
    cases.append(c)


def autograd(fn, x):
    x = x.detach().clone().requires_grad_(True)
    out = fn(x)
    out.sum().backward()
    return out.detach(), x.grad.detach()


def test_name(t):
    return t.get("fullname") or (t["module_name"] + ("_" + t["desc"] if "desc" in t else ""))


def selected(t, prefix):
    n = test_name(t)
    return n.startswith(prefix) and not any(k in n for k in ["2d", "Nd", "higher_dim", "dim_is_3"])


def reduction_of(name, default="mean"):
    m = re.search(r"_no_batch_dim_(none|mean|sum)$", name)
    return m.group(1) if m else default


def weight_from(t):
    if "constructor_args_fn" in t: args = t["constructor_args_fn"]()
    else: args = t.get("constructor_args", ())
    return args[0] if args else None


# ---------------------------------------------------------------- BCELoss / BCEWithLogitsLoss
seed = 0
for lst_name in ["criterion_tests", "new_module_tests"]:
    for t in getattr(cn, lst_name):
        if not isinstance(t, dict): continue
        name = test_name(t)
        if not (name.startswith("BCELoss") or name.startswith("BCEWithLogitsLoss")): continue
        seed += 1
        torch.manual_seed(seed)
        logits = name.startswith("BCEWithLogits")
        i = t["input_fn"]().to(D)
        if lst_name == "criterion_tests":
            y = t["target_fn"]().to(D)
            w = weight_from(t)
            reduction = reduction_of(name)
        else:   # functional no_reduce tests: the target and weights are the closure's, listed in cpp_var_map
            y = t["cpp_var_map"]["t"].to(D)
            w = t["cpp_var_map"].get("weights")
            reduction = "none"
        kw = {"reduction": reduction}
        if w is not None: kw["weight"] = w.to(D)
        fn = (lambda x: F.binary_cross_entropy_with_logits(x, y, **kw)) if logits else (lambda x: F.binary_cross_entropy(x, y, **kw))
        loss, g = autograd(fn, i)
        req = {"objective": "binary_cross_entropy_with_logits" if logits else "binary_cross_entropy",
               ("logits" if logits else "probs"): nested(i), "target_probs": nested(y), "reduction": reduction}
        if w is not None: req["weight"] = nested(w)
        if not bool(((y >= 0) & (y <= 1)).all()): req["torch_compatible"] = True
        add(name, f"torch common_nn.{lst_name}: {name}", req, loss, g,
            f"F.{'binary_cross_entropy_with_logits' if logits else 'binary_cross_entropy'}(i, t, weight, reduction='{reduction}')")

# pos_weight, one per column, with element and column weights
torch.manual_seed(101)
x = torch.randn(7, 4) * 3
x[0, 0] = 40.0; x[1, 1] = -40.0
y = (torch.rand(7, 4) > 0.5).to(D); y[2] = torch.tensor([0.3, 0.8, 0.5, 0.0])
pw = torch.tensor([0.5, 1.0, 2.5, 4.0])
wcol = torch.rand(4) + 0.5
welem = torch.rand(7, 4) * 2
for reduction in ["none", "sum", "mean"]:
    for wname, w in [("noweight", None), ("colweight", wcol), ("elemweight", welem)]:
        kw = {"reduction": reduction, "pos_weight": pw}
        if w is not None: kw["weight"] = w
        loss, g = autograd(lambda z: F.binary_cross_entropy_with_logits(z, y, **kw), x)
        req = {"objective": "binary_cross_entropy_with_logits", "logits": nested(x), "target_probs": nested(y), "pos_weight": nested(pw),
               "reduction": reduction}
        if w is not None: req["weight"] = nested(w)
        # x = ±40: torch's expression cancels the tail to 0 (Kullback's default keeps softplus(−40) = 4.2e-18), so these
        # check the torch_compatible mode; make_logistic_tail_fixtures.py checks the default's tails against mpmath.
        req["torch_compatible"] = True
        add(f"bce_logits_pos_weight_{wname}_{reduction}", "Kullback: nn.BCEWithLogitsLoss(weight, pos_weight)", req, loss, g,
            f"F.binary_cross_entropy_with_logits(x, y, weight, pos_weight, reduction='{reduction}')")
# a no-batch-dim input with pos_weight per element
x1 = torch.randn(5); y1 = (torch.rand(5) > 0.5).to(D); pw1 = torch.rand(5) * 3
loss, g = autograd(lambda z: F.binary_cross_entropy_with_logits(z, y1, pos_weight=pw1), x1)
add("bce_logits_pos_weight_no_batch_dim", "Kullback: nn.BCEWithLogitsLoss(pos_weight) on a 1-D input",
    {"objective": "binary_cross_entropy_with_logits", "logits": nested(x1), "target_probs": nested(y1), "pos_weight": nested(pw1)},
    loss, g, "F.binary_cross_entropy_with_logits(x, y, pos_weight=pw)")

# ---------------------------------------------------------------- KLDivLoss (log_target and not) through a log-softmax
for lst_name in ["criterion_tests", "new_module_tests"]:
    for t in getattr(cn, lst_name):
        if not isinstance(t, dict): continue
        name = test_name(t)
        if not name.startswith("KLDivLoss"): continue
        seed += 1
        torch.manual_seed(seed)
        i = t["input_fn"]().to(D)
        if lst_name == "criterion_tests":
            tgt = t["target_fn"]().to(D)
            log_target = "log_target" in name
            reductions = ["mean", "sum", "none"] + (["batchmean"] if i.dim() == 2 else [])
            if "_no_batch_dim_" in name: reductions = [reduction_of(name)]
        else:
            tgt = t["cpp_var_map"]["t"].to(D)
            log_target = "log_target" in t["cpp_function_call"]
            reductions = ["none"]
        z = i.reshape(1, -1) if i.dim() < 2 else i          # Kullback's rows
        tz = tgt.reshape(1, -1) if tgt.dim() < 2 else tgt
        for normalised in [False, True]:
            tt = (tz - torch.logsumexp(tz, -1, keepdim=True) if log_target else tz / tz.sum(-1, keepdim=True)) if normalised else tz
            for reduction in reductions:
                # Kullback's default 'mean' is the mean KL per row (torch's divides by N·C; torch_compatible gives that)
                kullback_mean = normalised and reduction == "mean"
                def fn(x, r=reduction, tt=tt, km=kullback_mean):
                    out = F.kl_div(F.log_softmax(x, -1), tt, reduction="sum" if km else r, log_target=log_target)
                    return out.sum(-1) if r == "none" else out / x.shape[0] if km else out
                loss, g = autograd(fn, z)
                req = {"objective": "kl", "logits": nested(z), ("target_log_probs" if log_target else "target_probs"): nested(tt),
                       "reduction": reduction}
                if log_target: req["log_target"] = True
                if not normalised: req["torch_compatible"] = True
                suffix = ("" if len(reductions) == 1 else "_" + reduction) + ("_normalised" if normalised else "")
                add(f"{name}{suffix}", f"torch common_nn.{lst_name}: {name}" + (" (target normalised)" if normalised else ""), req, loss, g,
                    f"F.kl_div(F.log_softmax(i, -1), t, reduction='{'sum' if kullback_mean else reduction}', log_target={log_target})"
                    + (".sum(-1)" if reduction == "none" else " / N  [Kullback's mean: per row]" if kullback_mean else ""))

# ---------------------------------------------------------------- NLLLoss on given log-probabilities
for lst_name in ["criterion_tests", "new_module_tests"]:
    for t in getattr(cn, lst_name):
        if not isinstance(t, dict) or not selected(t, "NLLLoss"): continue
        name = test_name(t)
        seed += 1
        torch.manual_seed(seed)
        i = t["input_fn"]().to(D) if "input_fn" in t else t["input"].to(D)
        if lst_name == "criterion_tests":
            y = t["target_fn"]()
            w = weight_from(t)
            module = t["constructor"]() if "constructor" in t else nn.NLLLoss(*(t["constructor_args_fn"]() if "constructor_args_fn" in t else t.get("constructor_args", ())))
            ignore = module.ignore_index
            reductions = [reduction_of(name)] if "_no_batch_dim_" in name else ["mean", "sum", "none"]
        else:
            y = t["cpp_var_map"]["t"]
            w = t["cpp_var_map"].get("weight")
            m = re.search(r"ignore_index\((-?\d+)\)", t["cpp_function_call"])
            ignore = int(m.group(1)) if m else -100
            reductions = ["none"]
        y = y.long()
        for reduction in reductions:
            kw = {"reduction": reduction, "ignore_index": ignore}
            if w is not None: kw["weight"] = w.to(D)
            loss, g = autograd(lambda x: F.nll_loss(x, y, **kw), i)
            req = {"objective": "nll", "log_probs": nested(i), "target": y.tolist(), "reduction": reduction}
            if ignore != -100: req["ignore_index"] = ignore
            if w is not None: req["weight"] = nested(w)
            if bool((i > 0).any()): req["torch_compatible"] = True
            suffix = "" if len(reductions) == 1 else "_" + reduction
            add(f"{name}{suffix}", f"torch common_nn.{lst_name}: {name}", req, loss, g,
                f"F.nll_loss(i, t, weight, ignore_index={ignore}, reduction='{reduction}')")

# ---------------------------------------------------------------- sample weights (scikit-learn's sample_weight)
torch.manual_seed(202)
N, C = 8, 5
z = torch.randn(N, C) * 2
yi = torch.randint(0, C, (N,)); yi[3] = -100
p = torch.softmax(torch.randn(N, C) * 2, -1)
s = torch.rand(N) * 3; s[1] = 0.0
cw = torch.rand(C) + 0.2
keep = (yi != -100).to(D)
for reduction in ["none", "sum", "mean", "batchmean"]:
    for weighted in [False, True]:
        w = cw if weighted else None
        def ce_index(x, r=reduction, w=w):
            rows = F.cross_entropy(x, yi, weight=w, ignore_index=-100, reduction="none") * s
            if r == "none": return rows
            if r == "sum": return rows.sum()
            if r == "batchmean": return rows.sum() / s.sum()
            return rows.sum() / (s * keep * (w[yi.clamp(min=0)] if w is not None else 1)).sum()
        loss, g = autograd(ce_index, z)
        req = {"objective": "cross_entropy", "logits": nested(z), "target": yi.tolist(), "ignore_index": -100, "sample_weight": nested(s),
               "reduction": reduction}
        if weighted: req["weight"] = nested(w)
        extra = {}
        if reduction == "mean" and not weighted:
            kept = yi != -100
            extra["sklearn"] = log_loss(yi[kept].numpy(), torch.softmax(z[kept], -1).numpy(), sample_weight=s[kept].numpy(), labels=list(range(C)))
        add(f"sample_weight_ce_index_w{int(weighted)}_{reduction}", "Kullback: scikit-learn sample_weight", req, loss, g,
            "(F.cross_entropy(z, y, weight, ignore_index=-100, reduction='none') * s) reduced: mean ÷ Σ s·w[y] (kept rows), batchmean ÷ Σ s",
            **extra)
        def ce_probs(x, r=reduction, w=w):
            rows = F.cross_entropy(x, p, weight=w, reduction="none") * s
            if r == "none": return rows
            if r == "sum": return rows.sum()
            if r == "batchmean": return rows.sum() / s.sum()
            return rows.sum() / (s * (p * (w if w is not None else 1)).sum(-1)).sum()
        loss, g = autograd(ce_probs, z)
        req = {"objective": "cross_entropy", "logits": nested(z), "target_probs": nested(p), "sample_weight": nested(s), "reduction": reduction}
        if weighted: req["weight"] = nested(w)
        add(f"sample_weight_ce_probs_w{int(weighted)}_{reduction}", "Kullback: scikit-learn sample_weight", req, loss, g,
            "(F.cross_entropy(z, p, weight, reduction='none') * s) reduced: mean ÷ Σ s·Σ_c w_c·p_c, batchmean ÷ Σ s")
    def kl(x, r=reduction):
        rows = F.kl_div(F.log_softmax(x, -1), p.log(), reduction="none", log_target=True).sum(-1) * s
        if r == "none": return rows
        if r == "sum": return rows.sum()
        return rows.sum() / s.sum()
    loss, g = autograd(kl, z)
    add(f"sample_weight_kl_log_target_{reduction}", "Kullback: scikit-learn sample_weight",
        {"objective": "kl", "logits": nested(z), "target_log_probs": nested(p.log()), "log_target": True, "sample_weight": nested(s), "reduction": reduction},
        loss, g, "(F.kl_div(F.log_softmax(z), log p, log_target=True, reduction='none').sum(-1) * s) reduced: mean and batchmean ÷ Σ s")
    if reduction != "batchmean":
        lp = F.log_softmax(z, -1)
        def nll(x, r=reduction):
            rows = F.nll_loss(x, yi, weight=cw, reduction="none") * s
            if r == "none": return rows
            if r == "sum": return rows.sum()
            return rows.sum() / (s * keep * cw[yi.clamp(min=0)]).sum()
        loss, g = autograd(nll, lp)
        add(f"sample_weight_nll_{reduction}", "Kullback: scikit-learn sample_weight",
            {"objective": "nll", "log_probs": nested(lp), "target": yi.tolist(), "ignore_index": -100, "weight": nested(cw), "sample_weight": nested(s),
             "reduction": reduction},
            loss, g, "(F.nll_loss(lp, y, weight, reduction='none') * s) reduced: mean ÷ Σ s·w[y] over kept rows")
        xb = torch.randn(N, 3) * 2
        yb = (torch.rand(N, 3) > 0.4).to(D)
        def bce(x, r=reduction):
            el = F.binary_cross_entropy_with_logits(x, yb, pos_weight=torch.tensor([1.0, 2.0, 0.5]), reduction="none") * s[:, None]
            if r == "none": return el
            if r == "sum": return el.sum()
            return el.sum() / (3 * s.sum())
        loss, g = autograd(bce, xb)
        add(f"sample_weight_bce_logits_{reduction}", "Kullback: scikit-learn sample_weight",
            {"objective": "binary_cross_entropy_with_logits", "logits": nested(xb), "target_probs": nested(yb), "pos_weight": [1.0, 2.0, 0.5],
             "sample_weight": nested(s), "reduction": reduction},
            loss, g, "(F.binary_cross_entropy_with_logits(x, y, pos_weight, reduction='none') * s[:, None]) reduced: mean ÷ (C·Σ s)")
        # one column: scikit-learn's log_loss with sample_weight is the same number
        x1 = torch.randn(N) * 2; y1 = (torch.rand(N) > 0.5).to(D)
        pr = torch.sigmoid(x1).clamp(0.05, 0.95)
        def bce1(q, r=reduction):
            el = F.binary_cross_entropy(q, y1, reduction="none") * s
            if r == "none": return el
            if r == "sum": return el.sum()
            return el.sum() / s.sum()
        loss, g = autograd(bce1, pr)
        extra = {"sklearn": log_loss(y1.numpy(), pr.numpy(), sample_weight=s.numpy())} if reduction == "mean" else {}
        add(f"sample_weight_bce_probs_{reduction}", "Kullback: scikit-learn sample_weight",
            {"objective": "binary_cross_entropy", "probs": [[v] for v in nested(pr)], "target_probs": [[v] for v in nested(y1)],
             "sample_weight": nested(s), "reduction": reduction},
            loss[:, None] if reduction == "none" else loss, g[:, None],
            "(F.binary_cross_entropy(p, y, reduction='none') * s) reduced: mean ÷ Σ s", **extra)

# ---------------------------------------------------------------- torch_compatible: torch's built-in where Kullback differs
torch.manual_seed(303)
z = torch.randn(6, 4) * 2
p = torch.softmax(torch.randn(6, 4), -1)
w = torch.rand(4) + 0.3
loss, g = autograd(lambda x: F.cross_entropy(x, p, weight=w), z)
add("torch_compatible_weighted_mean_probs", "torch built-in", {"objective": "cross_entropy", "logits": nested(z), "target_probs": nested(p),
    "weight": nested(w), "reduction": "mean", "torch_compatible": True}, loss, g, "F.cross_entropy(z, p, weight) (divides by N)")
loss, g = autograd(lambda x: F.cross_entropy(x, p, weight=w, label_smoothing=0.1), z)
add("torch_compatible_weighted_mean_probs_smoothed", "torch built-in", {"objective": "cross_entropy", "logits": nested(z), "target_probs": nested(p),
    "weight": nested(w), "label_smoothing": 0.1, "torch_compatible": True}, loss, g, "F.cross_entropy(z, p, weight, label_smoothing=0.1)")
yall = torch.tensor([-100] * 6)
loss, g = autograd(lambda x: F.cross_entropy(x, yall, weight=w), z)
add("torch_compatible_all_ignored_ce", "torch built-in", {"objective": "cross_entropy", "logits": nested(z), "target": yall.tolist(),
    "ignore_index": -100, "weight": nested(w), "torch_compatible": True}, loss, g, "F.cross_entropy(z, all -100, weight) = NaN, gradient 0")
y7 = torch.tensor([7] * 6)
lp = F.log_softmax(z, -1)
loss, g = autograd(lambda x: F.nll_loss(x, y7, ignore_index=7), lp)
add("torch_compatible_all_ignored_nll", "torch built-in", {"objective": "nll", "log_probs": nested(lp), "target": y7.tolist(), "ignore_index": 7,
    "torch_compatible": True}, loss, g, "F.nll_loss(lp, all ignored) = NaN, gradient 0")
pu = torch.rand(6, 4) * 2
for reduction in ["mean", "sum", "none"]:
    loss, g = autograd(lambda x, r=reduction: F.cross_entropy(x, pu, reduction=r), z)
    add(f"torch_compatible_unnormalised_ce_{reduction}", "torch built-in", {"objective": "cross_entropy", "logits": nested(z), "target_probs": nested(pu),
        "reduction": reduction, "torch_compatible": True}, loss, g, f"F.cross_entropy(z, unnormalised p, reduction='{reduction}')")
for reduction in ["batchmean", "mean", "sum"]:
    loss, g = autograd(lambda x, r=reduction: F.kl_div(F.log_softmax(x, -1), pu, reduction=r), z)
    add(f"torch_compatible_unnormalised_kl_{reduction}", "torch built-in", {"objective": "kl", "logits": nested(z), "target_probs": nested(pu),
        "reduction": reduction, "torch_compatible": True}, loss, g, f"F.kl_div(F.log_softmax(z), unnormalised p, reduction='{reduction}')")
loss, g = autograd(lambda x: F.kl_div(F.log_softmax(x, -1), p, reduction="mean"), z)
add("torch_compatible_kl_mean_over_elements", "torch built-in", {"objective": "kl", "logits": nested(z), "target_probs": nested(p),
    "reduction": "mean", "torch_compatible": True}, loss, g, "F.kl_div(F.log_softmax(z), p, reduction='mean') (÷ N·C)")
pc = torch.tensor([[0.0, 1.0, 0.3], [1.0, 0.0, 0.7]])
yc = torch.tensor([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
for reduction in ["none", "mean"]:
    loss, g = autograd(lambda q, r=reduction: F.binary_cross_entropy(q, yc, reduction=r), pc)
    add(f"torch_compatible_bce_certain_wrong_{reduction}", "torch built-in", {"objective": "binary_cross_entropy", "probs": nested(pc),
        "target_probs": nested(yc), "reduction": reduction, "torch_compatible": True}, loss, g,
        "F.binary_cross_entropy(p, y) (each log clamped at -100, gradient denominator at 1e-12)")

doc = {"tool": f"PyTorch {torch.__version__} (Debian python3-torch), float64; scikit-learn {sklearn.__version__} for \"sklearn\"",
       "generator": "make_torch_criterion_fixtures.py", "cases": cases}
with open("torch_criterion_fixtures.json", "w") as f:
    json.dump(doc, f, indent=0, allow_nan=False)
print(len(cases), "cases")
