#!/bin/bash
# usage: ts-server-image.sh [image:tag]      (default mcpfleet-test/ts-server-sdk:<VERSION below>)
# Builds the base of the TypeScript SDK 2.x stdio server's test image: the MCP TypeScript SDK 2.x
# server package, @modelcontextprotocol/server (pinned below; it speaks MCP 2026-07-28), installed
# from the npm registry on the host into /app/node_modules of the node base image (npm-image.sh's
# recipe). TestImages adds the server's script (ts-modern-server.mjs in test-support) on top, so a
# changed script needs no npm.
# Needs: docker (engine running), node and npm, /bin/busybox (for node-image.sh).
set -euo pipefail
VERSION=2.4.0   # @modelcontextprotocol/server; bump on purpose, tests compare against its behaviour
TAG=${1:-mcpfleet-test/ts-server-sdk:$VERSION}
. "$(dirname "$0")/npm-image.sh"

npm_image_install '{"name":"ts-server-image","private":true,"type":"module"}' "@modelcontextprotocol/server@$VERSION"
npm_image_check node_modules/@modelcontextprotocol/server/dist/stdio.mjs "@modelcontextprotocol/server@$VERSION"
npm_image_build "$TAG" "ts-server-sdk-$VERSION" 'COPY package.json /app/package.json
COPY node_modules /app/node_modules'
echo "built $TAG (@modelcontextprotocol/server $VERSION on $NODE_IMAGE)"
