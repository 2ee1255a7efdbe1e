"""ONNX fixtures for `kullback evaluate --onnx` and `kullback compare --onnx` (run: /usr/bin/python3 make_onnx_fixtures.py
in this folder; needs only Debian's python3-torch and numpy: torch.onnx.export writes the files, no onnx package).

digits_mlp.onnx            an MLP 64-32-10 (x/16 inside the graph, so it takes the raw 0..16 pixels of data/digits.csv.gz)
                           trained by torch (Adam, 40 full-batch steps, seed 0); input "pixels" [N, 64], output "logits" [N, 10]
digits_mlp_8bit.onnx       the same MLP with every weight and bias rounded to an 8-bit grid (per tensor: step = max|w|/127,
                           w -> round(w/step)*step): the "quantised copy"
digits_mlp_softmax.onnx    the 8-bit copy ending in softmax (output "probabilities"), for --outputs probabilities
two_inputs.onnx            a graph with inputs "a" and "b" (needs --input-name)
vector_output.onnx         a graph whose output is [N] (not N x C)
onnx_reference.json        torch float64 (model.double()) over all 1797 rows in file order:
  evaluate_all: accuracy, cross_entropy (mean -log softmax(z)[label]), for each model, all rows;
  compare: A = digits_mlp, B = digits_mlp_8bit, every statistic of `compare --logits` with the definitions of
  ../Compare/make_logit_fixtures.py (numpy float64 on the float64 torch logits).
"""
import gzip, json, numpy as np, torch

torch.manual_seed(0)
rows = np.loadtxt(gzip.open("../../../../data/digits.csv.gz", "rt"), delimiter=",")
x = torch.tensor(rows[:, :-1], dtype=torch.float32)
y = torch.tensor(rows[:, -1].astype(np.int64))

class Mlp(torch.nn.Module):
    def __init__(self, probabilities=False):
        super().__init__()
        self.hidden = torch.nn.Linear(64, 32)
        self.out = torch.nn.Linear(32, 10)
        self.probabilities = probabilities
    def forward(self, pixels):
        z = self.out(torch.relu(self.hidden(pixels / 16.0)))
        return torch.softmax(z, dim=1) if self.probabilities else z

model = Mlp()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(40):
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()

def rounded(m, probabilities=False):
    q = Mlp(probabilities)
    q.load_state_dict(m.state_dict())
    with torch.no_grad():
        for p in q.parameters():
            step = p.abs().max() / 127
            p.copy_(torch.round(p / step) * step)
    return q

def export(m, name, inputs=("pixels",), output="logits", example=(x[:2],)):
    torch.onnx.export(m, example, name, input_names=list(inputs), output_names=[output], opset_version=13,
                      dynamic_axes={**{i: {0: "N"} for i in inputs}, output: {0: "N"}})

model.eval()
quant = rounded(model)
export(model, "digits_mlp.onnx")
export(quant, "digits_mlp_8bit.onnx")
export(rounded(model, True), "digits_mlp_softmax.onnx", output="probabilities")

class TwoInputs(torch.nn.Module):
    def __init__(self):
        super().__init__(); self.lin = torch.nn.Linear(64, 10)
    def forward(self, a, b): return self.lin(a + b)
export(TwoInputs(), "two_inputs.onnx", inputs=("a", "b"), example=(x[:2], x[:2]))

class Vector(torch.nn.Module):
    def forward(self, pixels): return pixels.sum(1)
export(Vector(), "vector_output.onnx", output="total")

# References in float64.
def logits64(m):
    d = Mlp(m.probabilities); d.load_state_dict(m.state_dict()); d = d.double().eval()
    with torch.no_grad(): return d(x.double()).numpy()
za, zb = logits64(model), logits64(quant)

def log_softmax(z):
    m = z.max(1, keepdims=True); return (z - m) - np.log(np.exp(z - m).sum(1, keepdims=True))

def evaluate(z):
    lz = log_softmax(z); lab = y.numpy()
    return {"rows": len(lab), "accuracy": float((z.argmax(1) == lab).mean()), "cross_entropy": float(-lz[np.arange(len(lab)), lab].mean())}

la, lb = log_softmax(za), log_softmax(zb); p, q = np.exp(la), np.exp(lb)
kl = (p * (la - lb)).sum(1)
r = {"tokens": len(kl), "kl_mean": kl.mean(), "kl_mean_stderr": kl.std(ddof=1) / np.sqrt(len(kl)), "kl_median": np.median(kl),
     "kl_min": kl.min(), "kl_max": kl.max()}
for name, pc in [("kl_p0_1", 0.1), ("kl_p1", 1), ("kl_p5", 5), ("kl_p10", 10), ("kl_p90", 90), ("kl_p95", 95), ("kl_p99", 99), ("kl_p99_9", 99.9)]:
    r[name] = np.percentile(kl, pc)
r["top1_agreement"] = (za.argmax(1) == zb.argmax(1)).mean()
r["kl_reverse_mean"] = (q * (lb - la)).sum(1).mean()
mix = 0.5 * (p + q)
r["js_mean"] = (0.5 * (p * np.log(p / mix)).sum(1) + 0.5 * (q * np.log(q / mix)).sum(1)).mean()
for k in (5, 10):
    ta = np.argsort(-za, 1, kind="stable")[:, :k]; tb = np.argsort(-zb, 1, kind="stable")[:, :k]
    r[f"top{k}_overlap"] = np.mean([len(set(s) & set(t)) / k for s, t in zip(ta, tb)])
r["same_sampled_p"] = (p * q).sum(1).mean()
ref = {"made_by": f"torch {torch.__version__} (torch.onnx.export, opset 13) and numpy {np.__version__}, float64",
       "evaluate_all": {"digits_mlp": evaluate(za), "digits_mlp_8bit": evaluate(zb)},
       "compare": {k: float(v) for k, v in r.items()}}
json.dump(ref, open("onnx_reference.json", "w"), indent=1)
print(json.dumps(ref["compare"], indent=1)); print(ref["evaluate_all"])
