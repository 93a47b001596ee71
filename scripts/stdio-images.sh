#!/bin/bash
# usage: stdio-images.sh [tag-version]       (default: the pinned VERSION below)
# Builds the reference MCP servers that speak stdio only, as local images run unchanged by the
# fleet's stdio transport (no wrapper, no registry): one npm install of the four packages on the
# host (pinned below) into a base image, then one thin image per server with its own command:
#   mcpfleet-test/stdio-everything:$VERSION            node .../server-everything/dist/index.js stdio
#   mcpfleet-test/stdio-filesystem:$VERSION            node .../server-filesystem/dist/index.js /workspace
#   mcpfleet-test/stdio-memory:$VERSION                node .../server-memory/dist/index.js (graph in /tmp)
#   mcpfleet-test/stdio-sequential-thinking:$VERSION   node .../server-sequential-thinking/dist/index.js
# Needs: docker (engine running), node and npm, /bin/busybox (for node-image.sh).
set -euo pipefail
VERSION=${1:-2026.8.31}   # all four reference servers; bump on purpose, tests compare against their behaviour
HERE=$(cd "$(dirname "$0")" && pwd)
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
NODE_IMAGE=${NODE_IMAGE:-mcpfleet-test/node:$NODE_MAJOR}
BASE=mcpfleet-test/stdio-reference:$VERSION
# The legacy builder uses local base images as they are; BuildKit may try to resolve them remotely.
export DOCKER_BUILDKIT=0

docker image inspect "$NODE_IMAGE" >/dev/null 2>&1 || "$HERE/node-image.sh" "$NODE_IMAGE"

W=$(mktemp -d "${TMPDIR:-/tmp}/stdiobuild.XXXX"); trap 'rm -rf "$W"' EXIT
cd "$W"
echo '{"name":"stdio-images","private":true}' > package.json
npm install --no-audit --no-fund --omit=dev --loglevel=error \
  "@modelcontextprotocol/server-everything@$VERSION" "@modelcontextprotocol/server-filesystem@$VERSION" \
  "@modelcontextprotocol/server-memory@$VERSION" "@modelcontextprotocol/server-sequential-thinking@$VERSION"
for server in everything filesystem memory sequential-thinking; do
  test -f "node_modules/@modelcontextprotocol/server-$server/dist/index.js" \
    || { echo "server-$server@$VERSION has no dist/index.js: its layout changed" >&2; exit 1; }
done
cat > Dockerfile <<DOCKERFILE
FROM $NODE_IMAGE
COPY node_modules /app/node_modules
RUN mkdir -p /workspace && chmod 1777 /workspace
LABEL io.mcpfleet.test.image=true io.mcpfleet.test.recipe=stdio-reference-$VERSION
DOCKERFILE
printf 'package.json\npackage-lock.json\n' > .dockerignore
docker build -q -t "$BASE" . >/dev/null

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
