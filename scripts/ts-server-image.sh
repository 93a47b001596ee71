#!/bin/bash
# usage: ts-server-image.sh [image:tag]      (default mcpfleet-test/ts-server-sdk:<VERSION below>)
# Builds the base of the TypeScript SDK 2.x stdio server's test image: the MCP TypeScript SDK 2.x
# server package, @modelcontextprotocol/server (pinned below; it speaks MCP 2026-07-28), installed
# from the npm registry on the host into /app/node_modules of the node base image. TestImages adds
# the server's script (ts-modern-server.mjs in test-support) on top, so a changed script needs no npm.
# Needs: docker (engine running), node and npm, /bin/busybox (for node-image.sh).
set -euo pipefail
VERSION=2.4.0   # @modelcontextprotocol/server; bump on purpose, tests compare against its behaviour
TAG=${1:-mcpfleet-test/ts-server-sdk:$VERSION}
HERE=$(cd "$(dirname "$0")" && pwd)
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
NODE_IMAGE=${NODE_IMAGE:-mcpfleet-test/node:$NODE_MAJOR}
# The legacy builder uses local base images as they are; BuildKit may try to resolve them remotely.
export DOCKER_BUILDKIT=0

docker image inspect "$NODE_IMAGE" >/dev/null 2>&1 || "$HERE/node-image.sh" "$NODE_IMAGE"

W=$(mktemp -d "${TMPDIR:-/tmp}/tsserverbuild.XXXX"); trap 'rm -rf "$W"' EXIT
cd "$W"
echo '{"name":"ts-server-image","private":true,"type":"module"}' > package.json
npm install --no-audit --no-fund --omit=dev --loglevel=error "@modelcontextprotocol/server@$VERSION"
test -f node_modules/@modelcontextprotocol/server/dist/stdio.mjs \
  || { echo "@modelcontextprotocol/server@$VERSION has no dist/stdio.mjs: its layout changed" >&2; exit 1; }
cat > Dockerfile <<DOCKERFILE
FROM $NODE_IMAGE
COPY package.json /app/package.json
COPY node_modules /app/node_modules
LABEL io.mcpfleet.test.image=true io.mcpfleet.test.recipe=ts-server-sdk-$VERSION
DOCKERFILE
printf 'package-lock.json\n' > .dockerignore
docker build -q -t "$TAG" . >/dev/null
echo "built $TAG (@modelcontextprotocol/server $VERSION on $NODE_IMAGE)"
