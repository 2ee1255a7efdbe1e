#!/usr/bin/env bash
# Side-by-side loss benchmark: `kullback bench losses` and ../shared/anchors/torch_losses.py (PyTorch) at the same
# thread count, at three ISA levels, interleaved (ours, then torch, per level), and the ratios torch_ms / kullback_ms.
#
# Usage (from the repository root):  bench/losses_vs_torch.sh [--threads T] [--reps R] [--shapes S] [--levels native,avx2,v128]
# Env: KULLBACK_DLL  the CLI to time (default: src/Kullback.Cli/bin/Release/net10.0/Kullback.Cli.dll; build it first with
#                    `dotnet build src/Kullback.Cli -c Release`)
#      ANCHOR        the anchor script (default: ../shared/anchors/torch_losses.py), PYTHON (default /usr/bin/python3)
# Levels: native  = no limits (AVX-512 where present; ATEN_CPU_CAPABILITY=avx512, OPENBLAS_CORETYPE=SkylakeX when the CPU has it)
#         avx2    = DOTNET_EnableAVX512=0 | ATEN_CPU_CAPABILITY=avx2, OPENBLAS_CORETYPE=Haswell
#         v128    = DOTNET_EnableAVX2=0   | ATEN_CPU_CAPABILITY=default, OPENBLAS_CORETYPE=Nehalem (what ARM64 gets: Vector128 only)
set -euo pipefail
threads=1; reps=7; shapes="65536x10,8192x1000,512x32000,128x128256"; levels="native,avx2,v128"
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads=$2; shift 2;; --reps) reps=$2; shift 2;; --shapes) shapes=$2; shift 2;; --levels) levels=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
dll=${KULLBACK_DLL:-src/Kullback.Cli/bin/Release/net10.0/Kullback.Cli.dll}
anchor=${ANCHOR:-../shared/anchors/torch_losses.py}
py=${PYTHON:-/usr/bin/python3}
[ -f "$dll" ] || { echo "no CLI at $dll: run 'dotnet build src/Kullback.Cli -c Release' first" >&2; exit 2; }
out=$(mktemp -d)
native_aten=avx2; native_blas=Haswell
if grep -q avx512f /proc/cpuinfo 2>/dev/null; then native_aten=avx512; native_blas=SkylakeX; fi
echo "# machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); native = $native_aten; threads $threads; reps $reps"
for level in ${levels//,/ }; do
  case $level in
    native) ours=(); theirs=(ATEN_CPU_CAPABILITY=$native_aten OPENBLAS_CORETYPE=$native_blas);;
    avx2)   ours=(DOTNET_EnableAVX512=0); theirs=(ATEN_CPU_CAPABILITY=avx2 OPENBLAS_CORETYPE=Haswell);;
    v128)   ours=(DOTNET_EnableAVX2=0); theirs=(ATEN_CPU_CAPABILITY=default OPENBLAS_CORETYPE=Nehalem);;
    *) echo "unknown level $level (native, avx2, v128)" >&2; exit 2;;
  esac
  env "${ours[@]}" dotnet "$dll" bench losses --threads "$threads" --reps "$reps" --shapes "$shapes" --json > "$out/$level.kullback.jsonl"
  env "${theirs[@]}" OMP_NUM_THREADS="$threads" "$py" "$anchor" --threads "$threads" --reps "$reps" --shapes "$shapes" > "$out/$level.torch.jsonl"
done
"$py" - "$out" "$levels" <<'PY'
import json, sys, os
out, levels = sys.argv[1], sys.argv[2].split(",")
fused = {"ce_fwdbwd_hard", "ce_fwdbwd_soft", "kl_logits_fwd"}
print(f"{'level':7} {'workload':15} {'shape':>12} {'kullback ms':>12} {'torch ms':>10} {'ratio':>7} {'target':>6}  note")
for lv in levels:
    ours = {(r["workload"], r["rows"], r["cols"]): r["ms"] for r in map(json.loads, open(os.path.join(out, lv + ".kullback.jsonl")))}
    bw = None; theirs = {}
    for line in open(os.path.join(out, lv + ".torch.jsonl")):
        r = json.loads(line)
        if r.get("workload") == "bandwidth": bw = r["read_GBps"]; continue
        if r["impl"] == "torch": theirs[(r["workload"], r["rows"], r["cols"])] = r["ms"]
    for key, ms in ours.items():
        t = theirs.get(key)
        if t is None: continue
        target = 5.0 if key[0] in fused else 2.5
        ratio = t / ms
        note = ""
        if key[0] == "ce_fwd_hard" and key[1:] == (512, 32000) and bw:
            gbps = 4 * key[1] * key[2] / ms / 1e6
            note = f"reads {gbps:.1f} GB/s = {100 * gbps / bw:.0f}% of numpy's {bw} GB/s (target 50%)"
        print(f"{lv:7} {key[0]:15} {key[1]:>6}x{key[2]:<6} {ms:12.3f} {t:10.3f} {ratio:6.2f}x {target:5.1f}x  {'ok' if ratio >= target else 'BELOW'} {note}")
PY
rm -rf "$out"
