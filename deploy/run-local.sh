#!/usr/bin/env bash
# Runs kn-lab on this machine, no Docker: builds if needed, starts a single-node KRaft broker from
# Maven artifacts and the kn-lab worker, submits a short skeptic's experiment (probe → knowledge
# neurons on the facts the model knows → interventions with 20 matched random controls and held-out
# prompts, on 4 facts each of P103 and P36; a few minutes on 2 CPU cores), prints its progress, the
# effect table and the report's URL.
#   deploy/run-local.sh             demo, then stop everything
#   deploy/run-local.sh --demo FILE another request instead (e.g. schemas/examples/request-probe-workflow.json)
#   deploy/run-local.sh --keep      leave broker and worker running (stop with deploy/run-local.sh --stop)
#   deploy/run-local.sh --bench     demo, then the platform benchmark (200 fill-mask requests)
#   deploy/run-local.sh --stop      stop what --keep left running
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
state=deploy/target
mkdir -p "$state"
keep=false; bench=false; request=schemas/examples/request-skeptic-demo.json
while (( $# )); do
  arg=$1; shift
  case "$arg" in
    --keep) keep=true ;;
    --demo) request=${1:?--demo needs a request file}; shift ;;
    --bench) bench=true ;;
    --stop)
      for p in worker broker; do [[ -f $state/$p.pid ]] && kill "$(cat $state/$p.pid)" 2>/dev/null || true; rm -f $state/$p.pid; done
      exit 0 ;;
    *) echo "usage: $0 [--keep] [--bench] [--demo FILE] [--stop]" >&2; exit 2 ;;
  esac
done

app=camel-routes/target/quarkus-app/quarkus-run.jar
if [[ ! -f $app || ! -f deploy/kn-client/target/classpath.txt ]]; then
  echo "== building kn-lab (first run)"
  ./mvnw -B -q -ntp package -DskipTests
fi
if [[ ! -d $state/kafka-lib ]]; then
  echo "== fetching the Kafka broker jars"
  ./mvnw -B -q -ntp -f deploy/kafka/pom.xml dependency:copy-dependencies -DoutputDirectory="$root/$state/kafka-lib"
fi

stop_all() {
  if ! $keep; then
    echo "== stopping"
    for p in worker broker; do [[ -f $state/$p.pid ]] && kill "$(cat $state/$p.pid)" 2>/dev/null || true; rm -f $state/$p.pid; done
  fi
}
trap stop_all EXIT

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq "$seconds"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "$what did not come up; see $state/*.log" >&2; exit 1
}

if [[ ! -f $state/broker.pid ]] || ! kill -0 "$(cat $state/broker.pid)" 2>/dev/null; then
  echo "== starting Kafka (KRaft) on 127.0.0.1:9092"
  rm -rf $state/kafka-data
  cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  java -cp "$state/kafka-lib/*" kafka.tools.StorageTool format -t "$cluster_id" -c deploy/kafka/server.properties > $state/broker.log 2>&1
  java -cp "$state/kafka-lib/*" kafka.Kafka deploy/kafka/server.properties >> $state/broker.log 2>&1 &
  echo $! > $state/broker.pid
  wait_for "Kafka" 60 bash -c 'exec 3<>/dev/tcp/127.0.0.1/9092'
fi

if [[ ! -f $state/worker.pid ]] || ! kill -0 "$(cat $state/worker.pid)" 2>/dev/null; then
  echo "== starting the kn-lab worker (loads bert-base-cased; converts it on the very first run)"
  (source deploy/engine-env.sh && exec java -Dcamel.component.kafka.brokers=127.0.0.1:9092 -Dai.djl.offline=true \
    -jar $app) > $state/worker.log 2>&1 &
  echo $! > $state/worker.pid
  wait_for "the worker" 300 curl -sf http://127.0.0.1:8080/q/health/ready
fi

export KN_KAFKA_BROKERS=127.0.0.1:9092
demo=$(mktemp)
base_id=$(grep -o '"experimentId": *"[^"]*"' "$request" | sed 's/.*"\([^"]*\)"$/\1/')
sed "s/\"$base_id\"/\"$base_id-$(date +%s)\"/" "$request" > "$demo"
echo "== submitting $request as $(grep -o '"experimentId": *"[^"]*"' "$demo")"
id=$(deploy/kn submit "$demo")
deploy/kn watch "$id"
last_step=$(grep -o '"id": *"[^"]*"' "$demo" | tail -1 | sed 's/.*"\([^"]*\)"$/\1/')
echo "== effect table of step '$last_step' (from the results store):"
for _ in $(seq 30); do deploy/kn results "$id" --step "$last_step" --markdown 2>/dev/null && break; sleep 1; done
echo "== report: http://127.0.0.1:8080/experiments/$id   live page: http://127.0.0.1:8080/   (deploy/kn results $id)"
$keep || echo "   (run with --keep to leave the page up)"

if $bench; then
  echo "== platform benchmark"
  deploy/kn bench-platform
fi
