#!/usr/bin/env bash
# Attribution benchmark (issue 4): reference loop vs fast engine vs Gauss-Legendre, ratios in one run.
#   deploy/bench-attribution.sh [FACTS]     (default 1 fact of ParaRel; each has 4-20 prompts)
# Runs with plain JIT settings (not the build's TieredStopAtLevel=1), on CPU or GPU as DJL finds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -B -q -ntp -pl processors -am test-compile -DskipTests
./mvnw -B -q -ntp -pl processors dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
source "$root/deploy/engine-env.sh"
# The machine's best BLAS at the FFN shape (Debian's OpenBLAS, its own kernels), for the rate's share.
if [[ ! -f /usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h ]]; then
  apt-get update -qq && apt-get install -y -qq libopenblas-dev >/dev/null
fi
mkdir -p deploy/target
cc -O2 -o deploy/target/blas_gemm deploy/gemm/blas_gemm.c -I/usr/include/x86_64-linux-gnu/openblas-pthread -lopenblas
blas=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$KN_THREADS" deploy/target/blas_gemm 200 768 3072 | tail -1 | awk '{print $4}')
exec java -Dai.djl.offline=true -Dkn.bench.blas-gflops="$blas" -cp "processors/target/test-classes:processors/target/classes:$(cat processors/target/test-classpath.txt)" \
  org.knlab.attribution.AttributionBenchmark "$@"
