#!/usr/bin/env bash
# Speed against the PyTorch peers, as the README's speed tables are measured: compare.py ops, then train-step at
# 32 and 64 px, standard and separable, three interleaved repeats (read the median of each side). Run it on a quiet
# machine (uptime's load < 0.5, nothing else building).
#
#   bench/compare_pytorch.sh PYTHON [PEERS] [BIN] > speed.log
#     PYTHON  a Python with torch (a venv outside the project)
#     PEERS   the folder of compare.py, ops_torch.py and progan_torch.py (default ../shared/bench)
#     BIN     the progan-sr binary (default .build/release/progan-sr)
set -euo pipefail
PY=${1:?usage: bench/compare_pytorch.sh PYTHON [PEERS] [BIN]}
PEERS=${2:-../shared/bench}
BIN=${3:-.build/release/progan-sr}
"$PY" -c 'import torch; print("torch", torch.__version__, "threads", torch.get_num_threads(), torch.backends.cpu.get_cpu_capability())'
for repeat in 1 2 3; do
  echo "== repeat $repeat $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  "$PY" "$PEERS/compare.py" ops --bin "$BIN"
  for res in 32 64; do for sep in none both; do
    "$PY" "$PEERS/compare.py" train-step --bin "$BIN" --res $res --batch 16 --sep $sep
  done; done
done
