#!/usr/bin/env bash
# Side-by-side, interleaved: `kullback mi --sklearn-compatible --threads 1` vs scikit-learn's mutual_info_regression
# (bench/mi/sklearn_mi.py, BLAS/OpenMP pinned to 1 thread) as whole processes on the same CSV.
# Usage: bench/mi/compare.sh DATA.csv [ROUNDS]   (make DATA.csv with bench/mi/make_mi_bench_data.py)
# KULLBACK_CLI overrides our command, e.g. a ReadyToRun publish:
#   dotnet publish src/Kullback.Cli -c Release -r linux-x64 --self-contained false -o /tmp/kullback-r2r   (ReadyToRun, as the tool packages)
#   KULLBACK_CLI="dotnet /tmp/kullback-r2r/Kullback.Cli.dll" bench/mi/compare.sh DATA.csv 3
set -euo pipefail
data=$1; rounds=${2:-3}
cli=${KULLBACK_CLI:-"dotnet src/Kullback.Cli/bin/Release/net10.0/Kullback.Cli.dll"}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
for r in $(seq "$rounds"); do
  /usr/bin/time -f "round $r kullback wall %e s cpu(user+sys) %U+%S s" $cli mi "$data" --target y --sklearn-compatible --threads 1 > /tmp/kullback_mi_ours.txt
  /usr/bin/time -f "round $r sklearn  wall %e s cpu(user+sys) %U+%S s" /usr/bin/python3 bench/mi/sklearn_mi.py "$data" y > /tmp/kullback_mi_sklearn.txt
done
# The two rankings, side by side (top 5).
paste <(sed -n 3,7p /tmp/kullback_mi_ours.txt | awk '{print $2, $5}') <(head -5 /tmp/kullback_mi_sklearn.txt)
