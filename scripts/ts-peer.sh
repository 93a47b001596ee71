#!/bin/bash
# usage: ts-peer.sh DIR
# Installs the MCP TypeScript SDK 2.x client (@modelcontextprotocol/client, pinned below) from the npm
# registry into DIR, once, beside tool-router/src/test/node/ts-peer.mjs: a 2026-07-28 client for the
# router's tests. Needs node (>= 20) and npm.
set -euo pipefail
DIR=$1
VERSION=2.4.0   # @modelcontextprotocol/client; bump on purpose
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$DIR"
cp "$HERE/../tool-router/src/test/node/ts-peer.mjs" "$DIR/"
if [ ! -f "$DIR/node_modules/@modelcontextprotocol/client/package.json" ] \
   || ! grep -q "\"version\": \"$VERSION\"" "$DIR/node_modules/@modelcontextprotocol/client/package.json"; then
  cd "$DIR"
  echo '{"name":"ts-peer","private":true,"type":"module"}' > package.json
  npm install --no-audit --no-fund --omit=dev --loglevel=error "@modelcontextprotocol/client@$VERSION" >&2
fi
echo "$DIR/ts-peer.mjs"
