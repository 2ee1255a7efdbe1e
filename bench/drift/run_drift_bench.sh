#!/bin/bash
# Side by side, interleaved: kullback drift vs ../shared/anchors/drift_anchor.py on DIR/drift_{ref,cur}.csv, 2 threads each,
# and kullback on the same tables as Parquet when DIR/drift_{ref,cur}.parquet exist.
#   /usr/bin/python3 bench/drift/make_drift_bench.py /tmp         (the CSV tables, ~690 MB; never into git)
#   dotnet run bench/drift/csv_to_parquet.cs -- /tmp/drift_ref.csv /tmp/drift_ref.parquet   (and drift_cur; optional)
#   bench/drift/run_drift_bench.sh /tmp                            (after a Release build)
dir=${1:-/tmp}
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2
cli=src/Kullback.Cli/bin/Release/net10.0/Kullback.Cli.dll
for i in 1 2 3; do
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "kullback csv wall=%e s user=%U s sys=%S s peakRSS=%M KB" dotnet $cli drift "$dir/drift_ref.csv" "$dir/drift_cur.csv" --json --threads 2 > "$dir/bench_ours.json"
  if [ -f "$dir/drift_ref.parquet" ] && [ -f "$dir/drift_cur.parquet" ]; then
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f "kullback parquet wall=%e s user=%U s sys=%S s peakRSS=%M KB" dotnet $cli drift "$dir/drift_ref.parquet" "$dir/drift_cur.parquet" --json --threads 2 > "$dir/bench_ours_parquet.json"
    cmp -s "$dir/bench_ours.json" "$dir/bench_ours_parquet.json" && echo "parquet json == csv json" || echo "parquet json DIFFERS from csv json"
  fi
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "anchor wall=%e s user=%U s sys=%S s peakRSS=%M KB" taskset -c 0,1 /usr/bin/python3 ../shared/anchors/drift_anchor.py "$dir/drift_ref.csv" "$dir/drift_cur.csv" --json > "$dir/bench_anchor.json"
done
