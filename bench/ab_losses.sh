#!/bin/bash
# Interleaved A/B of two builds of `kullback bench losses`: build each commit with `dotnet build src/Kullback.Cli -c Release`,
# copy src/Kullback.Cli/bin/Release/net10.0 to /tmp/cli-A and /tmp/cli-B, then
#   bench/ab_losses.sh "ENV=VALUE" SHAPES WORKLOADS [ROUNDS]     e.g. bench/ab_losses.sh DOTNET_EnableAVX2=0 65536x10 ce_fwdbwd_soft 4
# (ENV A=1 for the native level). Prints the best min_ms of each build over the rounds and the ratio B/A.

envs=$1; shapes=$2; wl=$3; rounds=${4:-3}
for r in $(seq $rounds); do for v in A B; do
  env $envs dotnet /tmp/cli-$v/Kullback.Cli.dll bench losses --shapes $shapes --workloads $wl --reps 15 --json | sed "s/^/$v /"
done; done | /usr/bin/python3 -c '
import sys, json, collections
best = collections.defaultdict(lambda: 1e9)
for line in sys.stdin:
    v, js = line.split(" ", 1); d = json.loads(js)
    k = (d["workload"], "%dx%d" % (d["rows"], d["cols"]))
    best[k + (v,)] = min(best[k + (v,)], d["min_ms"])
keys = sorted(set(k[:2] for k in best))
for k in keys:
    a, b = best[k + ("A",)], best[k + ("B",)]
    print("%-16s %-11s A %8.3f  B %8.3f  B/A %.3f" % (k[0], k[1], a, b, b / a))
'
