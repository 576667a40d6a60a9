#!/usr/bin/env bash
# IG per prompt on bert-base-cased and on GPT-2-small- and SmolLM-135M-shaped random checkpoints, each
# against the plain per-layer reference loop of the same architecture, in one run (issue 21).
#   deploy/bench-architectures.sh [PROMPTS]     (default 3 prompts per model)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source deploy/engine-env.sh
source deploy/bench-env.sh
bench_classpath
exec java -Dai.djl.offline=true -cp "$test_cp" org.knlab.attribution.ArchitectureBenchmark "$@"
