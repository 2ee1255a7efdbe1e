#!/usr/bin/env bash
# MLP accuracy against PyTorch over seeds (issue 9's "accuracy within 0.005 of PyTorch's"): for each seed, five epochs of
# the 784-256-10 MLP on Fashion-MNIST (Adam 1e-3, batch 128, 2 threads), ours with `--seed s` and
# ../shared/anchors/train_anchor.py with torch.manual_seed(s) (a copy whose seed is read from SEED; nothing else changed).
# Prints "seed ours torch" per line, then the means, standard deviations and the standard error of the difference.
# Usage: bench/mlp_seeds.sh SEED...   (from the repository root, after `dotnet build src/Kullback.Cli -c Release`)
set -euo pipefail
K=${KULLBACK_CLI:-"dotnet src/Kullback.Cli/bin/Release/net10.0/Kullback.Cli.dll"}
D=../shared/data/fashion-mnist
anchor=$(mktemp --suffix=.py)
trap 'rm -f "$anchor"' EXIT
sed 's/torch.manual_seed(0)/torch.manual_seed(int(__import__("os").environ.get("SEED", "0")))/' ../shared/anchors/train_anchor.py > "$anchor"
accuracy() { /usr/bin/python3 -c "import json,sys; print(round(json.loads(sys.stdin.readlines()[-1])['test_accuracy'], 4))"; }
out=$(mktemp); trap 'rm -f "$anchor" "$out"' EXIT
for s in "$@"; do
  a=$($K train --data $D --model mlp --hidden 256 --optimizer adam --lr 0.001 --batch-size 128 --epochs 5 --threads 2 --seed "$s" --json | accuracy)
  b=$(SEED=$s /usr/bin/python3 "$anchor" $D --threads 2 --epochs 5 --models mlp | accuracy)
  echo "$s $a $b" | tee -a "$out"
done
/usr/bin/python3 - "$out" <<'PY'
import math, statistics as st, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
ours, torch = [float(r[1]) for r in rows], [float(r[2]) for r in rows]
if len(rows) < 2: sys.exit(0)
print(f"seeds {len(rows)}: ours {st.mean(ours):.4f} ± {st.stdev(ours):.4f}, torch {st.mean(torch):.4f} ± {st.stdev(torch):.4f}, "
      f"difference {st.mean(ours) - st.mean(torch):+.4f} (standard error {math.sqrt(st.variance(ours) / len(ours) + st.variance(torch) / len(torch)):.4f})")
PY
