#!/usr/bin/env bash
# bench/router-ab.sh JAVA ROUNDS SECONDS JAR [JAR...]
#
# A/B of router builds against nginx in one run (docs/benchmarks.md, "Router"): the overhead
# scenario's backend (bench/node/echo-server.js), nginx as a keep-alive proxy and a stand-in of the
# manager's discovery API, and one router per JAR; after a warm-up, ROUNDS interleaved wrk runs of
# SECONDS each at 32 connections (CONNS), every connection in one MCP session per target (as a
# gateway sends its calls). Prints calls/s and the proxy's CPU per call (us, /proc) per round.
# AB_OPTS: JVM options of every router; AB_OPTS_<i>, AB_JAVA_<i>: of router i only; WARM: warm-up
# seconds (15); AB_AFTER_WARM, AB_HOLD: shell run after the warm-up and after the rounds (e.g.
# `source bench/router-syscalls.sh` for context switches and system calls per call, `source
# bench/router-gc.sh` for collections, allocation per call and resident memory).
# The two front ends of one jar: pass it twice with AB_OPTS_1=-Drouter.front-end=servlet (r0 the
# Netty front end, the default; r1 Tomcat alone on the port).
# Ports 18700-18719 on 127.0.0.1; work files under bench/target/ab-PID.
set -uo pipefail
JAVA=$1; ROUNDS=$2; SECS=$3; shift 3; JARS=("$@")
REPO=$(cd "$(dirname "$0")/.." && pwd)
W=$REPO/bench/target/ab-$$; mkdir -p $W/nginx
BP=18700; NP=18701; SP=18702
PORT=$BP node $REPO/bench/node/echo-server.js > $W/node.log 2>&1 & NODE=$!
SUM='[{"name":"echo","state":"running","desired_replicas":1,"running_replicas":1,"healthy_replicas":1,"sleep":{"enabled":false,"mode":"stop","idle_timeout_ms":300000,"priority":"normal","asleep":false},"routing":{"mcp_path":"/mcp","sessions":"stateful","balancing":"least_connections","call_timeout_ms":30000,"retry":"auto","max_attempts":3,"queue_limit":256,"wake_timeout_ms":60000,"tools":[]}}]'
INST='{"service":"echo","state":"running","instances":[{"id":"echo-1","endpoint":"http://127.0.0.1:'$BP'"}]}'
cat > $W/nginx/nginx.conf <<NG
worker_processes 2;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $W/nginx/body; proxy_temp_path $W/nginx/proxy;
  fastcgi_temp_path $W/nginx/fastcgi; uwsgi_temp_path $W/nginx/uwsgi; scgi_temp_path $W/nginx/scgi;
  upstream backend { server 127.0.0.1:$BP; keepalive 64; }
  server { listen 127.0.0.1:$NP; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; } }
  server { listen 127.0.0.1:$SP; default_type application/json;
    location = /services { return 200 '$SUM'; }
    location = /services/echo/instances { return 200 '$INST'; }
    location = /activity { return 204; }
    location / { return 404 '{"status":404}'; } }
}
NG
nginx -c $W/nginx/nginx.conf -p $W/nginx -g 'daemon off;' > $W/nginx.log 2>&1 & NGINX=$!
PIDS=(); PORTS=()
i=0
for jar in "${JARS[@]}"; do
  port=$((18710+i)); v=AB_OPTS_$i; jv=AB_JAVA_$i
  ${!jv:-$JAVA} ${AB_OPTS:-} ${!v:-} -jar $jar --server.port=$port --fleet.manager-url=http://127.0.0.1:$SP --fleet.data-dir=$W/r$i --fleet.router-id=ab$i > $W/router$i.log 2>&1 &
  PIDS+=($!); PORTS+=($port); i=$((i+1))
done
cleanup() { kill ${PIDS[@]} $NODE $NGINX 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
cat > $W/call.lua <<'L'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION")
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. os.getenv("MCP_TOOL") .. '","arguments":{"text":"hello"}}}'
L
session() { # port -> session id
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"ab","version":"1"}}}' \
    http://127.0.0.1:$1/mcp | awk -F': ' 'tolower($1)=="mcp-session-id"{gsub("\r","",$2);print $2}'
}
cpu() { # pid and children -> ticks
  local t=0; [ "$1" = 0 ] && { echo 0; return; }; for p in $1 $(cat /proc/$1/task/*/children 2>/dev/null); do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
for p in "${PORTS[@]}"; do for k in $(seq 240); do curl -sf -o /dev/null http://127.0.0.1:$p/actuator/health/readiness && break; sleep 0.5; done; done
sleep 1
NS=$(session $NP)
declare -A SES; for p in "${PORTS[@]}"; do SES[$p]=$(session $p); done
# wait until the routers list echo__echo
for p in "${PORTS[@]}"; do for k in $(seq 60); do
  out=$(MCP_SESSION=${SES[$p]} curl -s -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: ${SES[$p]}" -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo__echo","arguments":{"text":"hello"}}}' http://127.0.0.1:$p/mcp)
  echo "$out" | grep -q '"text":"hello"' && break; sleep 0.5; done; done
run() { # port session tool pid conns secs -> "rps cpu_us_per_call"
  local c0=$(cpu $4); local out=$(MCP_SESSION=$2 MCP_TOOL=$3 wrk -t2 -c$5 -d${6}s -s $W/call.lua http://127.0.0.1:$1/mcp 2>&1); local c1=$(cpu $4)
  local rps=$(echo "$out" | awk '/Requests\/sec/{print $2}'); local n=$(echo "$out" | awk '/requests in/{print $1}')
  local err=$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ')
  awk -v r=$rps -v n=$n -v c=$((c1-c0)) -v e="$err" 'BEGIN{printf "%8.0f %6.1f %s", r, c*10000/n, e}'
}
for p in "${PORTS[@]}"; do run $p ${SES[$p]} echo__echo 0 32 ${WARM:-15} >/dev/null; done
run $NP $NS echo $NGINX 32 2 >/dev/null
eval "${AB_AFTER_WARM:-}"
echo "java: $($JAVA -version 2>&1 | head -1); jars: ${JARS[*]}; opts: ${AB_OPTS:-}$(for i in "${!JARS[@]}"; do v=AB_OPTS_$i; [ -n "${!v:-}" ] && printf '; r%s: %s' $i "${!v}"; done)"
for r in $(seq $ROUNDS); do
  line="round $r: nginx $(run $NP $NS echo $NGINX ${CONNS:-32} $SECS)"
  for i in "${!PORTS[@]}"; do line="$line | r$i $(run ${PORTS[$i]} ${SES[${PORTS[$i]}]} echo__echo ${PIDS[$i]} ${CONNS:-32} $SECS)"; done
  echo "$line"
done
if [ -n "${AB_HOLD:-}" ]; then eval "$AB_HOLD"; fi
