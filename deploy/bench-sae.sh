#!/usr/bin/env bash
# SAE training throughput (issue 25): activation rows per second, the fraction of the engine's matmul rate
# at the same shapes measured in the same run, and one epoch's time.
#   deploy/bench-sae.sh [d] [m] [k] [batch] [steps] [epochRows]   (default 3072 12288 32 1024 8 16320)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source deploy/engine-env.sh
source deploy/bench-env.sh
bench_classpath
exec java -Dai.djl.offline=true -cp "$test_cp" org.knlab.sae.SaeTrainingBenchmark "$@"
