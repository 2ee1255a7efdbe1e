#!/bin/bash
# Side by side, interleaved: kullback drift vs ../shared/anchors/drift_anchor.py on DIR/drift_{ref,cur}.csv, 2 threads each.
#   bench/drift/run_drift_bench.sh /tmp        (after bench/drift/make_drift_bench.py /tmp and a Release build)
dir=${1:-/tmp}
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2
for i in 1 2 3; do
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "kullback wall=%e s user=%U s peakRSS=%M KB" dotnet src/Kullback.Cli/bin/Release/net10.0/Kullback.Cli.dll drift "$dir/drift_ref.csv" "$dir/drift_cur.csv" --json --threads 2 > "$dir/bench_ours.json"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "anchor wall=%e s user=%U s peakRSS=%M KB" taskset -c 0,1 /usr/bin/python3 ../shared/anchors/drift_anchor.py "$dir/drift_ref.csv" "$dir/drift_cur.csv" --json > "$dir/bench_anchor.json"
done
