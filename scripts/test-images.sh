#!/bin/bash
# usage: scripts/test-images.sh [busybox|jre|mimic|reference|stdio|stdio-echo|stdio-ts-modern ...]      (default: all)
# Builds the local images the tests run, so that `mvn verify` finds them warm (CI calls it first).
# Safe to run again: an image is rebuilt only when its inputs changed (see TestImages).
#
# Works on a fresh machine with docker (engine running), a JDK with jlink, Maven, /bin/busybox
# (busybox-static) and, for the reference server, node and npm.
#
# How: it packages mimic and test-support (-DskipTests), so the mimic image holds the mimic of this
# checkout, then runs io.mcpfleet.testsupport.TestImages: the same code the tests call, so every
# image is built one way only. The JRE inside the images is jlinked from the JDK that runs this script:
# a JDK 21+ (scripts/jdk.sh: JAVA_HOME if it is one, else the newest under /usr/lib/jvm), as the build's.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
command -v docker >/dev/null && docker info >/dev/null 2>&1 \
  || { echo "test-images.sh: no Docker engine answers (see ENVIRONMENT.md to start one)" >&2; exit 1; }
[ -x /bin/busybox ] || { echo "test-images.sh: needs /bin/busybox: apt-get install busybox-static" >&2; exit 1; }
CP_FILE=target/test-images.classpath
mvn -q -B -Dstyle.color=never -DskipTests -pl mimic,test-support -am package dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
JAVA=$(scripts/jdk.sh)/bin/java
"$JAVA" -cp "test-support/target/classes:$(cat "test-support/$CP_FILE")" -Dfleet.repo.root="$ROOT" \
  io.mcpfleet.testsupport.TestImages "$@"
