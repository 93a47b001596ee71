#!/bin/bash
# usage: reference-image.sh [image:tag]      (default mcpfleet-test/server-everything:latest)
# Builds the reference MCP server, @modelcontextprotocol/server-everything (pinned below), as a local
# image, with no container registry: a FROM-scratch node base from node-image.sh (the machine's node),
# the package installed from the npm registry on the host, then COPY'd in. The image serves Streamable
# HTTP on $PORT (8000) at /mcp: `node dist/index.js streamableHttp`.
# Needs: docker (engine running), node and npm, /bin/busybox (for node-image.sh).
set -euo pipefail
TAG=${1:-mcpfleet-test/server-everything:latest}
VERSION=2026.8.31   # server-everything; bump on purpose, tests compare against its behaviour
HERE=$(cd "$(dirname "$0")" && pwd)
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
NODE_IMAGE=${NODE_IMAGE:-mcpfleet-test/node:$NODE_MAJOR}
# The legacy builder uses local base images as they are; BuildKit may try to resolve them remotely.
export DOCKER_BUILDKIT=0

docker image inspect "$NODE_IMAGE" >/dev/null 2>&1 || "$HERE/node-image.sh" "$NODE_IMAGE"

W=$(mktemp -d "${TMPDIR:-/tmp}/referencebuild.XXXX"); trap 'rm -rf "$W"' EXIT
cd "$W"
echo '{"name":"reference-image","private":true}' > package.json
npm install --no-audit --no-fund --omit=dev --loglevel=error "@modelcontextprotocol/server-everything@$VERSION"
test -f node_modules/@modelcontextprotocol/server-everything/dist/index.js \
  || { echo "server-everything@$VERSION has no dist/index.js: its layout changed" >&2; exit 1; }
cat > Dockerfile <<DOCKERFILE
FROM $NODE_IMAGE
COPY node_modules /app/node_modules
WORKDIR /app/node_modules/@modelcontextprotocol/server-everything
ENV PORT=8000
EXPOSE 8000
LABEL io.mcpfleet.test.image=true io.mcpfleet.test.recipe=server-everything-$VERSION
CMD ["node", "dist/index.js", "streamableHttp"]
DOCKERFILE
printf 'package.json\npackage-lock.json\n' > .dockerignore
docker build -q -t "$TAG" . >/dev/null
echo "built $TAG (server-everything $VERSION on $NODE_IMAGE)"
