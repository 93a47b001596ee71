#!/bin/bash
# usage: scripts/wake-benchmark.sh [rounds]      (default 10)
# Prints cold (stop) and warm (pause) wake times of a sleeping service through the manager's
# POST /start?wait=true, next to the engine's own floor for the same image in the same run, and the
# memory of an idle fleet of 5 mimic services awake and asleep (docs/sleep-and-scaling.md has figures).
# BENCH_OPTS: extra JVM options, e.g. -Dbench.poll-ms=2 (how often the floor polls; default 10).
# Asserts nothing; takes 2-4 minutes. Needs a running Docker engine and the test images (built on demand).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
command -v docker >/dev/null && docker info >/dev/null 2>&1 \
  || { echo "wake-benchmark.sh: no Docker engine answers (see ENVIRONMENT.md to start one)" >&2; exit 1; }
CP_FILE=target/wake-benchmark.classpath
mvn -q -B -Dstyle.color=never -DskipTests -pl service-manager -am package dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -cp "service-manager/target/test-classes:service-manager/target/classes:$(cat "service-manager/$CP_FILE")" \
  -Dfleet.repo.root="$ROOT" -Dlogging.level.root=WARN ${BENCH_OPTS:-} io.mcpfleet.manager.WakeBenchmark "$@"
