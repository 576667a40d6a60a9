#!/usr/bin/env bash
# IG per prompt on bert-base-cased and on GPT-2-small- and SmolLM-135M-shaped random checkpoints, each
# against the plain per-layer reference loop of the same architecture, in one run (issue 21).
#   deploy/bench-architectures.sh [PROMPTS]     (default 3 prompts per model)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -B -q -ntp -pl processors -am test-compile -DskipTests
./mvnw -B -q -ntp -pl processors dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
source "$root/deploy/engine-env.sh"
exec java -Dai.djl.offline=true -cp "processors/target/test-classes:processors/target/classes:$(cat processors/target/test-classpath.txt)" \
  org.knlab.attribution.ArchitectureBenchmark "$@"
