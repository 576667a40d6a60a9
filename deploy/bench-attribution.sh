#!/usr/bin/env bash
# Attribution benchmark (issue 4): reference loop vs fast engine vs Gauss-Legendre, ratios in one run.
#   deploy/bench-attribution.sh [FACTS]     (default 1 fact of ParaRel; each has 4-20 prompts)
# Runs with plain JIT settings (not the build's TieredStopAtLevel=1), on CPU or GPU as DJL finds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -B -q -ntp -pl processors -am test-compile -DskipTests
./mvnw -B -q -ntp -pl processors dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -Dai.djl.offline=true -cp "processors/target/test-classes:processors/target/classes:$(cat processors/target/test-classpath.txt)" \
  org.knlab.attribution.AttributionBenchmark "$@"
