#!/usr/bin/env bash
# The engine's fp32 GEMM at kn-lab's shapes beside the machine's best BLAS, in one run (issue 22).
#   deploy/bench-gemm.sh [M K N ...]        (default: kn-lab's shapes, GemmBenchmark.SHAPES)
# The BLAS is Debian's OpenBLAS (libopenblas-dev, installed when missing) with the kernels it picks for
# this CPU: OPENBLAS_CORETYPE (pinned on some machines for old OpenBLAS builds) is unset for its run
# alone. Both run with the same threads (KN_THREADS, default all cores); the engine with the settings
# every kn entry point uses (deploy/engine-env.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source deploy/engine-env.sh
source deploy/bench-env.sh
blas_gemm_build
bench_classpath
shapes=("$@")
if (( ${#shapes[@]} == 0 )); then
  shapes=(200 768 3072  200 3072 768  192 768 768  16 768 3072  200 768 28996  1536 1536 1536)
fi
engine=$(java -Dai.djl.offline=true -cp "$test_cp" org.knlab.attribution.GemmBenchmark "${shapes[@]}" 2>/dev/null)
blas=$(blas_gemm_run "${shapes[@]}")
echo "$engine" | head -1
echo "$blas" | head -1
printf '%-18s %14s %14s %8s\n' "M x K x N" "engine GFLOP/s" "BLAS GFLOP/s" "engine/BLAS"
paste <(echo "$engine" | tail -n +2) <(echo "$blas" | tail -n +2) | \
  awk '{printf "%-18s %14.1f %14.1f %7.0f%%\n", $1"x"$2"x"$3, $4, $8, 100*$4/$8}'
