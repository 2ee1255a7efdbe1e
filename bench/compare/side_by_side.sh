#!/usr/bin/env bash
# Side by side, interleaved: `kullback compare --logits` vs the PyTorch anchor, whole process wall time, same threads.
# Usage: bench/compare/side_by_side.sh DIR ROUNDS   (DIR holds A.npy B.npy T.npy from make_logits.py)
# Needs a Release build: dotnet build src/Kullback.Cli -c Release
set -euo pipefail
dir=$1; rounds=${2:-5}
root="$(cd "$(dirname "$0")/../.." && pwd)"
kullback="$root/src/Kullback.Cli/bin/Release/net10.0/Kullback.Cli"
anchor=/work/shared/anchors/torch_compare_logits.py
[ -f "$anchor" ] || anchor="$root/../shared/anchors/torch_compare_logits.py"
secs() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $s" | bc; }
for threads in 1 2; do
  k=(); t=()
  for r in $(seq "$rounds"); do
    k+=("$(secs "$kullback" compare --logits "$dir/A.npy" "$dir/B.npy" --tokens "$dir/T.npy" --threads "$threads" --json)")
    t+=("$(secs /usr/bin/python3 "$anchor" "$dir/A.npy" "$dir/B.npy" "$dir/T.npy" --threads "$threads")")
  done
  km=$(printf '%s\n' "${k[@]}" | sort -g | sed -n "$(( (rounds + 1) / 2 ))p")
  tm=$(printf '%s\n' "${t[@]}" | sort -g | sed -n "$(( (rounds + 1) / 2 ))p")
  echo "threads=$threads kullback: ${k[*]} (median $km s)"
  echo "threads=$threads torch:    ${t[*]} (median $tm s)"
  echo "threads=$threads ratio torch/kullback (medians): $(echo "scale=2; $tm / $km" | bc)"
done
