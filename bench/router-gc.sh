# Sourced by bench/router-ab.sh (AB_HOLD="source bench/router-gc.sh"): what each router's collector
# costs a call, from jstat over 5 s of wrk at 32 connections (young and full collections per 1,000
# calls, collection time per call, an estimate of the bytes allocated per call from eden's use),
# then its resident memory (the memory target is measured after the load).
JSTAT=$(dirname "$JAVA")/jstat
gcsnap() { $JSTAT -gc $1 | awk 'NR==1{for(i=1;i<=NF;i++)h[$i]=i} NR==2{print $h["EC"], $h["EU"], $h["YGC"], $h["FGC"], $h["GCT"]}'; }
gstat() { # name port session pid
  local a=$(gcsnap $4)
  local o=$(MCP_SESSION=$3 MCP_TOOL=echo__echo wrk -t2 -c32 -d5s -s $W/call.lua http://127.0.0.1:$2/mcp 2>&1)
  local b=$(gcsnap $4)
  local n=$(echo "$o" | awk '/requests in/{print $1}')
  echo "$a $b" | awk -v name=$1 -v n=$n -v rss=$(awk '/VmRSS/{print $2}' /proc/$4/status) '{
    yg=$8-$3; fg=$9-$4; t=$10-$5; alloc=(yg*($1+$6)/2 + $7 - $2)*1024
    printf "%-4s calls %7d  young GCs/1000 calls %.2f  full %d  GC us/call %.2f  alloc/call ~%.0f B  eden %.0f MB  resident %d MB\n",
      name, n, yg*1000/n, fg, t*1e6/n, alloc/n, $6/1024, rss/1024 }'
}
for i in "${!PORTS[@]}"; do gstat r$i ${PORTS[$i]} ${SES[${PORTS[$i]}]} ${PIDS[$i]}; done
