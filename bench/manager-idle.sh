#!/usr/bin/env bash
# bench/manager-idle.sh JAR TAG
#
# The large-fleet scenario's idle CPU for one manager build (docs/benchmarks.md, "Manager"), so
# that builds can be compared back to back: 200 configured busybox services, 60 started, fleet
# `manager-idle-PID` on a free port (IDLE_PORT to choose one); once all 60 are healthy and SETTLE seconds (120: the JIT of a
# fresh manager on a loaded 2-core machine compiles for a minute or two after start) have passed, the
# manager's CPU over WIN seconds (60), then (unless JFR=0) a JFR recording of another such window in
# bench/target/idle-TAG/idle.jfr (not the measured one: starting a recording costs compilations), and
# the measured window's CPU by thread (names with their numbers folded,
# user+system ms; "(exited)" is what threads that ended within the window took, and how many new
# threads there were) in bench/target/idle-TAG/threads.txt. IDLE_JAVA: the JDK's bin directory
# (default: java on PATH's). PROBE=mcp: the services are probed with the default `mcp` probe (an
# MCP request answered by a JSON-RPC result) instead of `http`: busybox httpd with a CGI script at
# /cgi-bin/mcp that answers any POST with an `initialize` result (image mcpfleet-bench/busybox-mcp:1,
# built here FROM mcpfleet-test/busybox:1; the script's fork is the container's CPU, not the manager's).
# Removes its containers (label io.mcpfleet.fleet=manager-idle-PID) before and after.
set -uo pipefail
JAR=$(realpath "$1"); TAG=$2; FLEET=manager-idle-$$; J=${IDLE_JAVA:-$(dirname "$(readlink -f "$(command -v java)")")}
W=$(cd "$(dirname "$0")" && pwd)/target/idle-$TAG; rm -rf $W; mkdir -p $W; cd $W
IMAGE=mcpfleet-test/busybox:1; HEALTH='health: {type: http, path: /}'
if [ "${PROBE:-http}" = mcp ]; then
  IMAGE=mcpfleet-bench/busybox-mcp:1; HEALTH='health: {type: mcp}\n  mcp: {path: /cgi-bin/mcp}'
  mkdir -p image/cgi-bin
  cat > image/cgi-bin/mcp <<'CGI'
#!/bin/sh
# An MCP server's answer to the probe: a JSON-RPC result for id 1, whatever was asked.
[ -z "$CONTENT_LENGTH" ] || head -c "$CONTENT_LENGTH" >/dev/null
printf 'Content-Type: application/json\r\n\r\n{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"busybox-cgi","version":"1"}}}'
CGI
  chmod +x image/cgi-bin/mcp
  printf 'FROM mcpfleet-test/busybox:1\nCOPY cgi-bin /www/cgi-bin\n' > image/Dockerfile
  docker build -q -t $IMAGE image >/dev/null || exit 1
fi
{ printf "defaults:\n  image: $IMAGE\n  port: 8000\n  $HEALTH\n  sleep_policy: {enabled: false}\nservices:\n"
  for n in $(seq 0 199); do printf '  bb-%03d: {auto_start: %s}\n' $n $([ $n -lt 60 ] && echo true || echo false); done; } > large.yml
cleanup() { kill $PID 2>/dev/null; wait $PID 2>/dev/null; ids=$(docker ps -aq --filter label=io.mcpfleet.fleet=$FLEET); [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1; }
trap cleanup EXIT
ids=$(docker ps -aq --filter label=io.mcpfleet.fleet=$FLEET); [ -z "$ids" ] || docker rm -f $ids >/dev/null
# A port nothing listens on, so that two benches (or a bench beside a test) do not meet.
PORT=${IDLE_PORT:-}; while [ -z "$PORT" ]; do p=$((20000 + RANDOM % 20000)); (: </dev/tcp/127.0.0.1/$p) 2>/dev/null || PORT=$p; done
$J/java ${IDLE_OPTS:-} -jar $JAR --server.port=$PORT --fleet.config=$W/large.yml --fleet.name=$FLEET > manager.log 2>&1 & PID=$!
for i in $(seq 600); do h=$(curl -sf http://127.0.0.1:$PORT/services 2>/dev/null | grep -o '"healthy_replicas":1' | wc -l); [ "$h" -ge 60 ] && break; sleep 1; done
echo "healthy $h after ${i}s"
sleep ${SETTLE:-120}
# Per thread: tid, name (digits folded; the name is in parentheses and may hold spaces), utime+stime ticks.
tasks() { for f in /proc/$PID/task/*/stat; do sed -E 's/^([0-9]+) \((.*)\) [A-Z] (([^ ]+ ){10})([0-9]+) ([0-9]+).*/\1\t\2\t\5 \6/' $f 2>/dev/null; done \
  | awk -F'\t' '{split($3,t," "); n=$2; gsub(/[0-9]+/,"N",n); print $1"\t"n"\t"t[1]+t[2]}'; }
tasks > tasks0; t0=$(awk '{print $14+$15}' /proc/$PID/stat); s0=$(date +%s.%N)
sleep ${WIN:-60}
tasks > tasks1; t1=$(awk '{print $14+$15}' /proc/$PID/stat); s1=$(date +%s.%N)
HZ=$(getconf CLK_TCK)
awk -F'\t' -v total=$((t1-t0)) -v hz=$HZ 'NR==FNR{before[$1]=$3; next}
  {d=$3-($1 in before?before[$1]:0); by[$2]+=d; n[$2]++; sum+=d; if(!($1 in before)) born++}
  END{for(k in by) if(by[k]>0) printf "%8.0f ms  %3d  %s\n", by[k]*1000/hz, n[k], k;
      printf "%8.0f ms  %3s  (exited; %d threads new and alive)\n", (total-sum)*1000/hz, "", born}' tasks0 tasks1 | sort -rn > threads.txt
echo "$TAG idle CPU: $(awk -v a=$t0 -v b=$t1 -v x=$s0 -v y=$s1 'BEGIN{printf "%.2f %% of a core", (b-a)/(y-x)}') load $(cut -d' ' -f1 /proc/loadavg)"
head -12 threads.txt
if [ "${JFR:-1}" != 0 ]; then
  $J/jcmd $PID JFR.start settings=profile duration=${WIN:-60}s filename=$W/idle.jfr >/dev/null
  sleep $(( ${WIN:-60} + 2 ))
fi
