#!/bin/bash
# usage: scripts/jdk.sh            prints the home of a JDK 21+ (the build's baseline), or fails saying what is needed
# The one Maven's toolchain would also accept (maven-toolchains-plugin select-jdk-toolchain [21,) in
# pom.xml): JAVA_HOME when it is a JDK 21+, else the newest JDK 21+ under /usr/lib/jvm or /usr/lib64/jvm.
# Scripts that run the build's classes outside Maven (test-images.sh, compose-test.sh, .ci/run) use it:
# `java` on PATH may be an older release (Debian's 17).
set -euo pipefail
MIN=21
major() { "$1/bin/java" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p'; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(major "$JAVA_HOME")" -ge "$MIN" ] 2>/dev/null; then
  echo "$JAVA_HOME"; exit 0
fi
best=0; jdk=""
for candidate in /usr/lib/jvm/* /usr/lib64/jvm/*; do
  [ -x "$candidate/bin/javac" ] && [ ! -L "$candidate" ] || continue
  v=$(major "$candidate"); [ -n "$v" ] || continue
  if [ "$v" -ge "$MIN" ] && [ "$v" -gt "$best" ]; then best=$v; jdk=$candidate; fi
done
if [ -z "$jdk" ]; then
  echo "mcp-fleet needs a JDK $MIN or newer (javac and jlink), to build and to run: none is JAVA_HOME or under" \
       "/usr/lib/jvm (found: $(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' ')). Install one (Temurin 21 or 25," \
       "under /usr/lib/jvm) or set JAVA_HOME to it." >&2
  exit 1
fi
echo "$jdk"
