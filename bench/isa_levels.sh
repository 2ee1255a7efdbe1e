#!/usr/bin/env bash
# Kullback vs PyTorch 1.13 at each ISA level, side by side and interleaved, same thread count, ratios printed:
#   native  : both as the machine is (AVX-512 where present)
#   avx2    : DOTNET_EnableAVX512=0            | ATEN_CPU_CAPABILITY=avx2    OPENBLAS_CORETYPE=Haswell
#   vector128: DOTNET_EnableAVX2=0             | ATEN_CPU_CAPABILITY=default OPENBLAS_CORETYPE=Nehalem
# Workloads: (a) `compare --logits` on DIR/A.npy, B.npy, T.npy (bench/compare/make_logits.py; 4096 x 32000 by default)
# vs ../shared/anchors/torch_compare_logits.py, whole-process wall time; (b) one epoch of the 784-256-10 MLP on
# Fashion-MNIST (Adam 1e-3, batch 128) vs ../shared/anchors/train_anchor.py, seconds per epoch as each reports it.
# Usage: bench/isa_levels.sh LOGITS_DIR [ROUNDS=3] [THREADS_COMPARE=1] [LEVELS="native avx2 vector128"] [WORKLOADS="compare mlp"]
# Needs: dotnet build src/Kullback.Cli -c Release; /usr/bin/python3 with torch.
# KULLBACK_CLI overrides our command, e.g. the ReadyToRun build a tool package holds:
#   dotnet publish src/Kullback.Cli -c Release -r linux-x64 --self-contained false -o /tmp/kullback-tool
#   KULLBACK_CLI=/tmp/kullback-tool/Kullback.Cli bench/isa_levels.sh DIR
set -euo pipefail
dir=$1; rounds=${2:-3}; tc=${3:-1}; levels=${4:-"native avx2 vector128"}; workloads=${5:-"compare mlp"}
root="$(cd "$(dirname "$0")/.." && pwd)"
K="${KULLBACK_CLI:-$root/src/Kullback.Cli/bin/Release/net10.0/Kullback.Cli}"
anchors="$root/../shared/anchors"; data="$root/../shared/data/fashion-mnist"
env_k() { case $1 in native) echo "";; avx2) echo "DOTNET_EnableAVX512=0";; vector128) echo "DOTNET_EnableAVX2=0";; esac; }
env_t() { case $1 in native) echo "";; avx2) echo "ATEN_CPU_CAPABILITY=avx2 OPENBLAS_CORETYPE=Haswell";;
  vector128) echo "ATEN_CPU_CAPABILITY=default OPENBLAS_CORETYPE=Nehalem";; esac; }
secs() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $s" | bc; }
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(date -u +%H:%M) UTC"
for level in $levels; do
  ek=$(env_k "$level"); et=$(env_t "$level")
  if [[ " $workloads " == *" compare "* ]]; then
    k=(); t=()
    for r in $(seq "$rounds"); do
      k+=("$(secs env $ek "$K" compare --logits "$dir/A.npy" "$dir/B.npy" --tokens "$dir/T.npy" --threads "$tc" --json)")
      t+=("$(secs env $et /usr/bin/python3 "$anchors/torch_compare_logits.py" "$dir/A.npy" "$dir/B.npy" "$dir/T.npy" --threads "$tc")")
    done
    km=$(median "${k[@]}"); tm=$(median "${t[@]}")
    echo "$level compare threads=$tc kullback ${k[*]} | torch ${t[*]} | torch/kullback (medians) $(echo "scale=2; $tm / $km" | bc)x"
  fi
  if [[ " $workloads " == *" mlp "* ]]; then
    k=(); t=(); ka=""; ta=""
    for r in $(seq "$rounds"); do
      line=$(env $ek "$K" train --data "$data" --model mlp --hidden 256 --optimizer adam --lr 0.001 --batch-size 128 --epochs 1 --threads 2 --json | tail -1)
      k+=("$(echo "$line" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds_per_epoch"])')")
      ka=$(echo "$line" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("test_accuracy", d.get("accuracy", "?")))')
      line=$(env $et /usr/bin/python3 "$anchors/train_anchor.py" "$data" --threads 2 --epochs 1 --models mlp | tail -1)
      t+=("$(echo "$line" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds_per_epoch"])')")
      ta=$(echo "$line" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["test_accuracy"])')
    done
    km=$(median "${k[@]}"); tm=$(median "${t[@]}")
    echo "$level mlp threads=2 kullback s/epoch ${k[*]} (acc $ka) | torch ${t[*]} (acc $ta) | kullback/torch (medians) $(echo "scale=2; $km / $tm" | bc)x"
  fi
done
