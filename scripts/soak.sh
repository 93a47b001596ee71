#!/bin/sh
# The soak run (issue 7; not part of mvn verify): a real fleet of the manager and router jars,
# under mixed calls, sleeps, wakes, scale changes and instance kills for 10 minutes (or
# --minutes N / --seconds N); prints calls made and failed by kind, leaked containers, and heap,
# threads and connections of both processes at the start and the end, and writes the same
# report to e2e/target/soak-report.md. Exits 1 when something that must not fail did.
# Needs what mvn verify needs: Java 17+, Maven and a Docker engine.
set -eu
cd "$(dirname "$0")/.."
mvn -q -pl e2e -am package -DskipTests
cd e2e
exec java -cp "target/test-classes:$(cat target/test-classpath.txt)" io.mcpfleet.e2e.soak.Soak "$@"
