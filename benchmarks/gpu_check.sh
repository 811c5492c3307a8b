#!/usr/bin/env bash
# The estimator against a real NVIDIA GPU: predicted vs measured peak memory, KV cache, batch-1
# decode tokens/s (against the bandwidth roofline) and time to first token, for four
# architectures built at their real sizes with random weights (benchmarks/gpu_check.py says how).
#
#   bash benchmarks/gpu_check.sh [--out DIR] [--contexts 4096,32768] [--models ID,ID]
#   bash benchmarks/gpu_check.sh --self-test      # the same pipeline on the CPU, tiny configs
#   bash benchmarks/gpu_check.sh --wheels DIR     # offline machine: install missing packages from DIR
#
# Needs python3 with torch (CUDA build) and transformers, as on a GPU machine's image or in the
# project's .venv; installs what the estimator needs besides (pydantic, pyyaml, psutil) when it is
# missing, from PyPI or from --wheels. Without a visible CUDA GPU it refuses (exit 2) unless
# --self-test. Takes about 3-5 minutes on one H200 (under 8 on smaller cards that hold 61 GiB).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
wheels=""
args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --wheels) wheels=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if ! "$PY" -c "import pydantic, yaml, psutil" 2>/dev/null; then
  target=$(mktemp -d -t modelrec-gpu-check-XXXXXX)
  if [[ -n $wheels ]]; then
    "$PY" -m pip install -q --no-index --no-deps --no-compile --target "$target" "$wheels"/*.whl
  else
    "$PY" -m pip install -q --target "$target" "pydantic>=2.7" "pyyaml>=6.0" "psutil>=5.9"
  fi
  export PYTHONPATH="$target${PYTHONPATH:+:$PYTHONPATH}"
fi
if ! "$PY" -c "import torch, transformers" 2>/dev/null; then
  echo "gpu_check: $PY has no torch or transformers; use a GPU machine's python or the project's .venv (PYTHON=...)" >&2
  exit 2
fi
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
exec "$PY" "$root/benchmarks/gpu_check.py" ${args[@]+"${args[@]}"}
