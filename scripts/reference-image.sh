#!/bin/bash
# usage: reference-image.sh [image:tag]      (default mcpfleet-test/server-everything:latest)
# Builds the reference MCP server, @modelcontextprotocol/server-everything (pinned below), as a local
# image, with no container registry (npm-image.sh's recipe): a FROM-scratch node base from
# node-image.sh (the machine's node), the package installed from the npm registry on the host, then
# COPY'd in. The image serves Streamable HTTP on $PORT (8000) at /mcp: `node dist/index.js streamableHttp`.
# Needs: docker (engine running), node and npm, /bin/busybox (for node-image.sh).
set -euo pipefail
TAG=${1:-mcpfleet-test/server-everything:latest}
VERSION=2026.8.31   # server-everything; bump on purpose, tests compare against its behaviour
. "$(dirname "$0")/npm-image.sh"

npm_image_install '{"name":"reference-image","private":true}' "@modelcontextprotocol/server-everything@$VERSION"
npm_image_check node_modules/@modelcontextprotocol/server-everything/dist/index.js "server-everything@$VERSION"
npm_image_build "$TAG" "server-everything-$VERSION" 'COPY node_modules /app/node_modules
WORKDIR /app/node_modules/@modelcontextprotocol/server-everything
ENV PORT=8000
EXPOSE 8000
CMD ["node", "dist/index.js", "streamableHttp"]'
echo "built $TAG (server-everything $VERSION on $NODE_IMAGE)"
