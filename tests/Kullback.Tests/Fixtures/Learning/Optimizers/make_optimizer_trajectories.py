"""Reference trajectories of torch.optim.SGD / Adam / AdamW for tests/Kullback.Tests/Learning/Optimizers.

Run with Debian's python: /usr/bin/python3 make_optimizer_trajectories.py > optimizer_trajectories.json
Each case starts from the same parameter vector θ₀ (length 37: covers vector bodies and a scalar tail),
takes 25 steps on L(θ) = Σ 0.5·aᵢ·θᵢ² + sin(3θᵢ), and records the gradient fed to each step and θ after it,
in the case's dtype. The C# test replays the recorded gradients and compares θ step by step.
"""
import json, math
import torch

N, STEPS = 37, 25
cases = [
    ("sgd_plain", torch.optim.SGD, dict(lr=0.05)),
    ("sgd_momentum", torch.optim.SGD, dict(lr=0.05, momentum=0.9)),
    ("sgd_momentum_wd", torch.optim.SGD, dict(lr=0.05, momentum=0.9, weight_decay=0.01)),
    ("sgd_nesterov_wd", torch.optim.SGD, dict(lr=0.03, momentum=0.8, weight_decay=0.05, nesterov=True)),
    ("adam_default", torch.optim.Adam, dict(lr=1e-3)),
    ("adam_large_lr", torch.optim.Adam, dict(lr=0.1, betas=(0.8, 0.99), eps=1e-6)),
    ("adam_wd", torch.optim.Adam, dict(lr=0.01, weight_decay=0.1)),
    ("adamw", torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1)),
]

out = {"generator": "make_optimizer_trajectories.py", "tool": f"PyTorch {torch.__version__} (CPU)", "steps": STEPS, "cases": []}
for dtype in (torch.float64, torch.float32):
    g = torch.Generator().manual_seed(1234)
    theta0 = (torch.rand(N, generator=g, dtype=torch.float64) * 4 - 2).to(dtype)
    a = (torch.rand(N, generator=g, dtype=torch.float64) * 2 + 0.1).to(dtype)
    for name, cls, hyper in cases:
        p = theta0.clone().requires_grad_(True)
        opt = cls([p], **hyper)
        grads, params = [], []
        for _ in range(STEPS):
            opt.zero_grad()
            loss = (0.5 * a * p * p + torch.sin(3 * p)).sum()
            loss.backward()
            grads.append([float(x) for x in p.grad.detach()])
            opt.step()
            params.append([float(x) for x in p.detach()])
        h = dict(hyper)
        if "betas" in h: h["beta1"], h["beta2"] = h.pop("betas")
        out["cases"].append({"name": name, "optimizer": cls.__name__, "dtype": str(dtype).replace("torch.", ""),
                             "hyper": h, "initial": [float(x) for x in theta0], "gradients": grads, "parameters": params})
print(json.dumps(out))
