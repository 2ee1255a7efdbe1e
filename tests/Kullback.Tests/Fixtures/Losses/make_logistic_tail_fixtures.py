"""Reference values for LogisticLoss (binary cross-entropy on logits) across its tails, made by mpmath and PyTorch —
never by Kullback itself.

Run:  /usr/bin/python3 make_logistic_tail_fixtures.py   (Debian python3-mpmath, python3-torch 1.13)  -> logistic_tail.json

Per element, for P = Bernoulli(y), Q = Bernoulli(σ(x)) and positive-class weight pw:
  ℓ = pw·y·softplus(−x) + (1 − y)·softplus(x),   ∂ℓ/∂x = (1 − y)·σ(x) − pw·y·σ(−x)
"exact_loss" / "exact_grad": mpmath at 60 digits, rounded once to float64 (Kullback's default: the accurate tails,
softplus(−40) = 4.25e−18).
"torch_loss" / "torch_grad": F.binary_cross_entropy_with_logits(x, y, pos_weight, reduction='none') in float64 and the
gradient of its sum (Kullback's TorchCompatible: torch's own rounding, which loses the tails to cancellation).
"""
import json
import mpmath
import torch
import torch.nn.functional as F

mpmath.mp.dps = 60
D = torch.float64

# Both tails and the middle: ±1e3, the zone where log(1 + e^−|x|) rounds to 0 (|x| > 36.7), where pos_weight's
# form cancels (|x| ≳ 12), and near 0.
xs = [-1000.0, -745.0, -700.0, -100.0, -40.0, -36.0, -30.0, -25.0, -20.0, -15.5, -12.0, -8.0, -3.0, -1.0, -1e-3, -1e-8,
      -1e-300, 0.0, 1e-300, 1e-8, 1e-3, 1.0, 3.0, 8.0, 12.0, 15.5, 20.0, 25.0, 30.0, 36.0, 40.0, 100.0, 700.0, 745.0, 1000.0]


def softplus(x):
    return mpmath.log1p(mpmath.exp(x))


def sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


cases = []
for y in [0.0, 1.0, 0.3]:
    for pw in [1.0, 2.5]:
        ex_loss, ex_grad = [], []
        for x in xs:
            X, Y, PW = mpmath.mpf(x), mpmath.mpf(y), mpmath.mpf(pw)
            ex_loss.append(float(PW * Y * softplus(-X) + (1 - Y) * softplus(X)))
            ex_grad.append(float((1 - Y) * sigmoid(X) - PW * Y * sigmoid(-X)))
        z = torch.tensor(xs, dtype=D, requires_grad=True)
        t = torch.full((len(xs),), y, dtype=D)
        kw = {} if pw == 1.0 else {"pos_weight": torch.tensor(pw, dtype=D)}
        out = F.binary_cross_entropy_with_logits(z, t, reduction="none", **kw)
        out.sum().backward()
        cases.append({
            "name": f"y{y}_pw{pw}", "y": y, "pos_weight": pw, "x": xs,
            "exact_loss": ex_loss, "exact_grad": ex_grad,
            "torch_loss": out.detach().tolist(), "torch_grad": z.grad.tolist(),
        })

doc = {"tool": f"mpmath {mpmath.__version__} (60 digits) for exact_*; PyTorch {torch.__version__} (Debian python3-torch), float64, for torch_*",
       "generator": "make_logistic_tail_fixtures.py", "cases": cases}
with open("logistic_tail.json", "w") as f:
    json.dump(doc, f, indent=0)
