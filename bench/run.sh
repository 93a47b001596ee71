#!/usr/bin/env bash
# bench/run.sh [--help] [--smoke] [--only=startup,images,overhead,engine,wake,manager-wake,herd,discovery,scale,memory,stdio,swarm,large]
#
# The benchmark suite (docs/benchmarks.md): builds what it needs, starts the service-manager, the
# tool-router, nginx and backends, runs the scenarios, prints a table of figures with ratios against
# baselines measured in the same run, and writes it to bench/target/results.md.
#   --smoke   seconds, not minutes: for CI after `mvn verify` (uses the jars it built; checks that the
#             suite still runs, its figures are not comparable)
# The product jars are started as the README's target/bin/<app> starts them, `<java> @<app>.args`
# (the argument file `mvn package` made: class archive, Spring AOT, heap); for a java other than the
# build's JDK, the suite records an archive for it first (io.mcpfleet.startup.Training).
# Environment: BENCH_JAVA (the java that runs the product jars and the suite; default the build's
# JDK, which the toolchain picked: the one target/bin/<app> runs), BENCH_JAVA_OPTS (JVM options put
# before the argument file; default none),
# BENCH_LAUNCH=jar (start the jars with `java -jar`, as before the argument files, to compare),
# BENCH_ALT_JAVA (another JDK 21+: the router is measured again on it; default none),
# BENCH_TIMEOUT (seconds; default 2400, smoke 420).
# Talks only to 127.0.0.1 and its own containers (fleet bench-<pid of this script>: labels
# io.mcpfleet.fleet=bench-..., io.mcpfleet.bench=bench-...), which it removes before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SMOKE=0
for a in "$@"; do
  case "$a" in
    --smoke) SMOKE=1 ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;  # the header above, without building or running
  esac
done
log() { printf '== %s (%s)\n' "$*" "$(date +%T)"; }

# --- tools: the Docker engine and busybox (as .ci/run), wrk and nginx (the baselines)
if ! command -v dockerd >/dev/null || [ ! -x /bin/busybox ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io busybox-static
fi
if ! docker info >/dev/null 2>&1; then
  setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
docker info >/dev/null 2>&1 || { echo "bench: no Docker engine answers" >&2; exit 1; }
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk nginx \
    || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk nginx; }
fi

# --- build: the product jars, the mimic, the suite; the images the scenarios run
JARS="service-manager/target/service-manager.jar tool-router/target/tool-router.jar mimic/target/mimic-exec.jar bench/target/bench.jar"
missing=0; for j in $JARS; do [ -f "$j" ] || missing=1; done
if [ "$SMOKE" = 0 ] || [ "$missing" = 1 ]; then
  log "build (mvn -DskipTests package)"
  mvn -q -B -Dstyle.color=never -DskipTests -pl bench -am package
fi
if [ "$SMOKE" = 0 ] || ! docker image inspect mcpfleet-test/mimic:latest mcpfleet-test/busybox:1 \
    mcpfleet-test/stdio-echo:latest >/dev/null 2>&1; then
  log "images"
  scripts/test-images.sh busybox mimic stdio-echo
fi

# --- java: the product jars run on the JDK the build used (the one the README's target/bin/<app>
# runs, named in the .args file), unless told otherwise
if [ -z "${BENCH_JAVA:-}" ]; then
  BENCH_JAVA=$(sed -n 's/^# java=//p' tool-router/target/tool-router.args)
fi
[ -x "${BENCH_JAVA:-}" ] || { echo "bench: no java to run the product on: set BENCH_JAVA to a JDK 21+'s java" >&2; exit 1; }

# --- run, bounded in time; this run's containers are removed by label however it ends (runs from
# other checkouts on the same engine have other fleet names and are left alone)
FLEET="bench-$$"
cleanup() {
  # the swarm scenario's instances are Swarm services (only on an engine that is a swarm manager)
  services=$(docker service ls -q --filter "label=io.mcpfleet.fleet=$FLEET" 2>/dev/null || true)
  [ -z "$services" ] || docker service rm $services >/dev/null 2>&1 || true
  ids=$(docker ps -aq --filter "label=io.mcpfleet.fleet=$FLEET"; docker ps -aq --filter "label=io.mcpfleet.bench=$FLEET")
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true
}
trap cleanup EXIT
log "suite$([ "$SMOKE" = 1 ] && echo ' (smoke)')"
timeout --kill-after=30 "${BENCH_TIMEOUT:-$([ "$SMOKE" = 1 ] && echo 420 || echo 2400)}" \
  "$BENCH_JAVA" -jar bench/target/bench.jar --repo="$ROOT" --java="$BENCH_JAVA" --fleet="$FLEET" \
  --java-opts="${BENCH_JAVA_OPTS:-}" --launch="${BENCH_LAUNCH:-args}" ${BENCH_ALT_JAVA:+--alt-java="$BENCH_ALT_JAVA"} "$@"
