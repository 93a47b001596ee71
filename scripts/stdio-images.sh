#!/bin/bash
# usage: stdio-images.sh [tag-version]       (default: the pinned VERSION below)
# Builds the reference MCP servers that speak stdio only, as local images run unchanged by the
# fleet's stdio transport (no wrapper, no registry): one npm install of the four packages on the
# host (pinned below) into a base image (npm-image.sh's recipe), then one thin image per server
# with its own command:
#   mcpfleet-test/stdio-everything:$VERSION            node .../server-everything/dist/index.js stdio
#   mcpfleet-test/stdio-filesystem:$VERSION            node .../server-filesystem/dist/index.js /workspace
#   mcpfleet-test/stdio-memory:$VERSION                node .../server-memory/dist/index.js (graph in /tmp)
#   mcpfleet-test/stdio-sequential-thinking:$VERSION   node .../server-sequential-thinking/dist/index.js
# Needs: docker (engine running), node and npm, /bin/busybox (for node-image.sh).
set -euo pipefail
VERSION=${1:-2026.8.31}   # all four reference servers; bump on purpose, tests compare against their behaviour
BASE=mcpfleet-test/stdio-reference:$VERSION
. "$(dirname "$0")/npm-image.sh"

npm_image_install '{"name":"stdio-images","private":true}' \
  "@modelcontextprotocol/server-everything@$VERSION" "@modelcontextprotocol/server-filesystem@$VERSION" \
  "@modelcontextprotocol/server-memory@$VERSION" "@modelcontextprotocol/server-sequential-thinking@$VERSION"
for server in everything filesystem memory sequential-thinking; do
  npm_image_check "node_modules/@modelcontextprotocol/server-$server/dist/index.js" "server-$server@$VERSION"
done
npm_image_build "$BASE" "stdio-reference-$VERSION" 'COPY node_modules /app/node_modules
RUN mkdir -p /workspace && chmod 1777 /workspace'

image() { # name, then the JSON arrays of ENTRYPOINT and CMD, then extra Dockerfile lines
  local name=$1 entrypoint=$2 cmd=$3 extra=${4:-}
  printf 'FROM %s\nWORKDIR /app/node_modules/@modelcontextprotocol/server-%s\n%s\nENTRYPOINT %s\nCMD %s\nLABEL io.mcpfleet.test.image=true io.mcpfleet.test.recipe=stdio-%s-%s\n' \
    "$BASE" "$name" "$extra" "$entrypoint" "$cmd" "$name" "$VERSION" \
    | docker build -q -t "mcpfleet-test/stdio-$name:$VERSION" - >/dev/null
  echo "built mcpfleet-test/stdio-$name:$VERSION"
}
image everything '["node", "dist/index.js"]' '["stdio"]'
image filesystem '["node", "dist/index.js"]' '["/workspace"]'
image memory '["node", "dist/index.js"]' '[]' 'ENV MEMORY_FILE_PATH=/tmp/memory.jsonl'
image sequential-thinking '["node", "dist/index.js"]' '[]'
