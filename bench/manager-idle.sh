#!/usr/bin/env bash
# bench/manager-idle.sh JAR TAG
#
# The large-fleet scenario's idle CPU for one manager build (docs/benchmarks.md, "Manager"), so
# that builds can be compared back to back: 200 configured busybox services, 60 started, fleet
# `manager-idle-PID` on port 18790; once all 60 are healthy and SETTLE seconds (40) have passed, the
# manager's CPU over WIN seconds (60), with a JFR recording of that window in
# bench/target/idle-TAG/idle.jfr. IDLE_JAVA: the JDK's bin directory (default: java on PATH's).
# Removes its containers (label io.mcpfleet.fleet=manager-idle-PID) before and after.
set -uo pipefail
JAR=$(realpath "$1"); TAG=$2; FLEET=manager-idle-$$; J=${IDLE_JAVA:-$(dirname "$(readlink -f "$(command -v java)")")}
W=$(cd "$(dirname "$0")" && pwd)/target/idle-$TAG; rm -rf $W; mkdir -p $W; cd $W
{ printf 'defaults:\n  image: mcpfleet-test/busybox:1\n  port: 8000\n  health: {type: http, path: /}\n  sleep_policy: {enabled: false}\nservices:\n'
  for n in $(seq 0 199); do printf '  bb-%03d: {auto_start: %s}\n' $n $([ $n -lt 60 ] && echo true || echo false); done; } > large.yml
cleanup() { kill $PID 2>/dev/null; wait $PID 2>/dev/null; ids=$(docker ps -aq --filter label=io.mcpfleet.fleet=$FLEET); [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1; }
trap cleanup EXIT
ids=$(docker ps -aq --filter label=io.mcpfleet.fleet=$FLEET); [ -z "$ids" ] || docker rm -f $ids >/dev/null
$J/java ${IDLE_OPTS:-} -jar $JAR --server.port=18790 --fleet.config=$W/large.yml --fleet.name=$FLEET > manager.log 2>&1 & PID=$!
for i in $(seq 600); do h=$(curl -sf http://127.0.0.1:18790/services 2>/dev/null | grep -o '"healthy_replicas":1' | wc -l); [ "$h" -ge 60 ] && break; sleep 1; done
echo "healthy $h after ${i}s"
sleep ${SETTLE:-40}
$J/jcmd $PID JFR.start settings=profile duration=${WIN:-60}s filename=$W/idle.jfr >/dev/null
t0=$(awk '{print $14+$15}' /proc/$PID/stat); s0=$(date +%s.%N)
sleep ${WIN:-60}
t1=$(awk '{print $14+$15}' /proc/$PID/stat); s1=$(date +%s.%N)
echo "$TAG idle CPU: $(awk -v a=$t0 -v b=$t1 -v x=$s0 -v y=$s1 'BEGIN{printf "%.2f %% of a core", (b-a)/(y-x)}') load $(cut -d' ' -f1 /proc/loadavg)"
sleep 2
