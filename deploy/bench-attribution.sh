#!/usr/bin/env bash
# Attribution benchmark (issue 4): reference loop vs fast engine vs Gauss-Legendre, ratios in one run,
# and the fast engine's FLOP rate against the engine's matmul and the machine's best BLAS (issue 22).
#   deploy/bench-attribution.sh [FACTS]     (default 1 fact of ParaRel; each has 4-20 prompts)
# Runs with plain JIT settings (not the build's TieredStopAtLevel=1), on CPU or GPU as DJL finds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source deploy/engine-env.sh
source deploy/bench-env.sh
bench_classpath
blas_gemm_build
blas=$(blas_gemm_run 200 768 3072 | tail -1 | awk '{print $4}')
exec java -Dai.djl.offline=true -Dkn.bench.blas-gflops="$blas" -cp "$test_cp" org.knlab.attribution.AttributionBenchmark "$@"
