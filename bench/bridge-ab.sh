#!/usr/bin/env bash
# bench/bridge-ab.sh JAVA ROUNDS SECONDS A.args B.args
#
# The manager's stdio bridge alone, two builds side by side: each ARGS file is a manager's argument
# file (`java @<args>`, as target/bin/service-manager runs it; copy target/app and the .args of a
# build, with its paths rewritten, to keep it). Both managers run at once, each with its own fleet
# (one `stdio-echo` instance, the `stdio` scenario's server) and port; wrk drives `tools/call` of
# `echo` at the bridge endpoint in one session, at 32 and at 2 connections, A and B alternately for
# ROUNDS rounds of SECONDS each, after a warm-up. Per round: calls/s and the manager's CPU per call
# (utime+stime of the JVM from /proc) at 32 connections, p50 at 2. Medians at the end.
# Talks only to 127.0.0.1 and its own containers (fleets pipe-ab-<pid>-a/-b), removed at the end.
set -euo pipefail
JAVA=$1 ROUNDS=$2 SECONDS_=$3 A=$4 B=$5
WORK=$(mktemp -d /tmp/bridge-ab.XXXXXX)
TAG=pipe-ab-$$
IMAGE=${STDIO_IMAGE:-mcpfleet-test/stdio-echo:latest}
cat > "$WORK/fleet.yml" <<EOF
services:
  stdio-echo:
    image: $IMAGE
    transport: stdio
    auto_start: true
    sleep_policy: {enabled: false}
    stdio: {max_in_flight: 256}
    tools: [{name: echo}]
EOF
cat > "$WORK/call.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION")
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'
EOF
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  ids=$(docker ps -aq --filter "label=io.mcpfleet.fleet=$TAG-a"; docker ps -aq --filter "label=io.mcpfleet.fleet=$TAG-b")
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true
}
trap cleanup EXIT

declare -A PORT PID URL SESSION
for side in a b; do
  args=$A; [ $side = b ] && args=$B
  PORT[$side]=$(free_port)
  "$JAVA" "@$args" --server.port=${PORT[$side]} --fleet.config="$WORK/fleet.yml" --fleet.name=$TAG-$side \
    >"$WORK/manager-$side.log" 2>&1 &
  PID[$side]=$!; PIDS+=(${PID[$side]})
done
for side in a b; do
  base=http://127.0.0.1:${PORT[$side]}
  for _ in $(seq 240); do
    endpoint=$(curl -s "$base/services/stdio-echo/status" 2>/dev/null \
      | python3 -c 'import json,sys; d=json.load(sys.stdin); i=[x for x in d.get("instances",[]) if x.get("endpoint") and x.get("health")=="healthy"]; print(i[0]["endpoint"] if i else "")' 2>/dev/null || true)
    [ -n "$endpoint" ] && break
    sleep 0.5
  done
  [ -n "$endpoint" ] || { echo "bridge-ab: side $side has no healthy stdio-echo instance (see $WORK/manager-$side.log)" >&2; exit 1; }
  URL[$side]="$base$(python3 -c 'import sys,urllib.parse; print(urllib.parse.urlparse(sys.argv[1]).path)' "$endpoint")/mcp"
  SESSION[$side]=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"ab","version":"1"}}}' \
    "${URL[$side]}" | tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')
  curl -s -o /dev/null -H 'Content-Type: application/json' -H "Mcp-Session-Id: ${SESSION[$side]}" \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' "${URL[$side]}"
  echo "side $side: pid ${PID[$side]} ${URL[$side]} session ${SESSION[$side]}"
done

cpu() { awk '{print $14+$15}' /proc/$1/stat; }
run() { # side connections seconds -> "calls/s p50ms cpu_us_per_call"
  local side=$1 c=$2 s=$3 before after out
  before=$(cpu ${PID[$side]})
  out=$(MCP_SESSION=${SESSION[$side]} wrk -t $(( c < 2 ? 1 : 2 )) -c $c -d ${s}s --latency -s "$WORK/call.lua" "${URL[$side]}" 2>&1)
  after=$(cpu ${PID[$side]})
  echo "$out" >> "$WORK/wrk-$side.log"
  local requests rps p50 errs
  requests=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')
  rps=$(echo "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
  p50=$(echo "$out" | awk '$1=="50%"{v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')
  errs=$(echo "$out" | sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p')
  [ -z "$errs" ] || echo "bridge-ab: side $side: $errs failed calls" >&2
  awk -v r="$rps" -v p="$p50" -v t=$(( (after - before) * 10000 )) -v n="$requests" \
    'BEGIN{printf "%.0f %.3f %.1f\n", r, p, (n>0 ? t/n : 0)}'   # clock ticks (100/s) -> us per call
}
echo "warm-up"
for side in a b; do run $side 32 $(( SECONDS_ * 2 )) >/dev/null; run $side 2 $SECONDS_ >/dev/null; done
declare -A RPS P50 CPU
for r in $(seq "$ROUNDS"); do
  order="a b"; [ $((r % 2)) = 0 ] && order="b a"
  for side in $order; do
    read -r rps _ cpu_ < <(run $side 32 "$SECONDS_")
    read -r _ p50 _ < <(run $side 2 "$SECONDS_")
    RPS[$side]+="$rps "; P50[$side]+="$p50 "; CPU[$side]+="$cpu_ "
    echo "round $r $side: $rps calls/s at 32, ${cpu_} us CPU/call, p50 ${p50} ms at 2 (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END{print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
for side in a b; do
  echo "median $side: $(echo ${RPS[$side]} | median) calls/s at 32, $(echo ${CPU[$side]} | median) us CPU/call, p50 $(echo ${P50[$side]} | median) ms at 2"
done
echo "logs: $WORK"
