# Sourced by bench/router-ab.sh (AB_HOLD="source bench/router-syscalls.sh"): context switches and
# CPU per call (perf stat) of nginx and each router, and system calls per call of each router
# (strace -c, which slows the process: its counts only are meant).
pstat() { # name port session tool pid
  local out=$W/perf-$1.txt
  perf stat -e context-switches,task-clock -p $(echo $5 $(cat /proc/$5/task/*/children 2>/dev/null) | tr ' ' ',') -o $out -- sleep 6 >/dev/null 2>&1 &
  local pp=$!
  local o=$(MCP_SESSION=$3 MCP_TOOL=$4 wrk -t2 -c32 -d5s -s $W/call.lua http://127.0.0.1:$2/mcp 2>&1)
  wait $pp
  local n=$(echo "$o" | awk '/requests in/{print $1}')
  local cs=$(awk '/context-switches/{gsub(",","",$1);print $1}' $out); local tc=$(awk '/task-clock/{gsub(",","",$1);print $1}' $out)
  awk -v name=$1 -v n=$n -v cs=$cs -v tc=$tc 'BEGIN{printf "%-8s calls %7d  context switches/call %.2f  task-clock us/call %.1f\n", name, n, cs/n, tc*1000/n}'
}
pstat nginx $NP $NS echo $NGINX
for i in "${!PORTS[@]}"; do pstat r$i ${PORTS[$i]} ${SES[${PORTS[$i]}]} echo__echo ${PIDS[$i]}; done
sys() { # name port session tool pid : syscalls per call (strace -c slows the process: counts only)
  timeout 8 strace -c -f -p $5 -o $W/strace-$1.txt & local sp=$!; sleep 1
  local o=$(MCP_SESSION=$3 MCP_TOOL=$4 wrk -t1 -c32 -d4s -s $W/call.lua http://127.0.0.1:$2/mcp 2>&1); sleep 0.5; kill -INT $sp 2>/dev/null; wait $sp 2>/dev/null
  local n=$(echo "$o" | awk '/requests in/{print $1}')
  echo "$1 syscalls per call (strace, $n calls): $(awk -v n=$n '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ {printf "%s %.2f, ", $NF, $4/n}' $W/strace-$1.txt | head -c 600)"
}
for i in "${!PORTS[@]}"; do sys r$i ${PORTS[$i]} ${SES[${PORTS[$i]}]} echo__echo ${PIDS[$i]}; done
