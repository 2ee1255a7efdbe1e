#!/bin/bash
# Side-by-side training on Fashion-MNIST, interleaved: Kullback, PyTorch (the anchor as given, then with passive
# OpenMP waiting, then 1 thread), Kullback again; then time to 85 % against scikit-learn and ML.NET.
# Run from the repository root after `dotnet build src/Kullback.Cli -c Release`; ML.NET's anchor must be built in
# /tmp/mlnet first (cp -r ../shared/anchors/mlnet /tmp/mlnet && dotnet build -c Release /tmp/mlnet).
K=src/Kullback.Cli/bin/Release/net10.0/Kullback.Cli
F=${1:-../shared/data/fashion-mnist}
A=${ANCHORS:-../shared/anchors}
kb() {
  for m in softmax mlp; do
    echo "## kullback $m $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    $K train --data $F --model $m --hidden 256 --optimizer adam --lr 0.001 --batch-size 128 --epochs 5 --threads 2 --json
  done
}
kb
echo "## torch (anchor as given) $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
/usr/bin/python3 $A/train_anchor.py $F --threads 2 --models softmax,mlp
kb
echo "## torch OMP_WAIT_POLICY=PASSIVE $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 $A/train_anchor.py $F --threads 2 --models softmax,mlp
kb
echo "## torch --threads 1 $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
/usr/bin/python3 $A/train_anchor.py $F --threads 1 --models softmax,mlp
kb
echo "## time to 85 %: kullback softmax lr 0.003, mlp lr 0.001 $(date +%T)"
$K train --data $F --model softmax --optimizer adam --lr 0.003 --batch-size 128 --epochs 5 --threads 2 --json
$K train --data $F --model mlp --hidden 256 --optimizer adam --lr 0.001 --batch-size 128 --epochs 2 --threads 2 --json
echo "## sklearn $(date +%T)"
/usr/bin/python3 $A/train_anchor.py $F --threads 2 --models sklearn
echo "## mlnet $(date +%T)"
dotnet /tmp/mlnet/bin/Release/net10.0/MlNetAnchor.dll $F
