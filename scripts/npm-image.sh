#!/bin/bash
# Sourced, not run: the one recipe of the scripts that build test images of MCP servers published on
# npm (reference-image.sh, stdio-images.sh, ts-server-image.sh). No container registry: the packages
# are installed by npm on the host, in a temporary directory, then COPY'd onto the FROM-scratch node
# base image of node-image.sh (the machine's node), built first if missing.
#   npm_image_install PACKAGE_JSON PACKAGE@VERSION...
#       the node base image ($NODE_IMAGE), then `npm install` of the packages in a new temporary
#       directory with PACKAGE_JSON as its package.json; that directory is the current one from then
#       on, removed when the script exits
#   npm_image_check FILE WHAT
#       fails, saying WHAT has no FILE, when the install lacks it (the package's layout changed)
#   npm_image_build TAG RECIPE DOCKERFILE_LINES
#       builds TAG from the lines on FROM $NODE_IMAGE, labelled io.mcpfleet.test.image=true and
#       io.mcpfleet.test.recipe=RECIPE; the context is the install's directory (no package-lock.json)
# Needs: docker (engine running), node and npm, /bin/busybox (for node-image.sh).
NPM_IMAGE_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NODE_IMAGE=${NODE_IMAGE:-mcpfleet-test/node:$(node -p 'process.versions.node.split(".")[0]')}
# The legacy builder uses local base images as they are; BuildKit may try to resolve them remotely.
export DOCKER_BUILDKIT=0

npm_image_install() {
  local package_json=$1; shift
  docker image inspect "$NODE_IMAGE" >/dev/null 2>&1 || "$NPM_IMAGE_SCRIPTS/node-image.sh" "$NODE_IMAGE"
  NPM_IMAGE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/npmimage.XXXX"); trap 'rm -rf "$NPM_IMAGE_DIR"' EXIT
  cd "$NPM_IMAGE_DIR"
  echo "$package_json" > package.json
  npm install --no-audit --no-fund --omit=dev --loglevel=error "$@"
}

npm_image_check() {
  test -f "$1" || { echo "$2 has no ${1#node_modules/*/*/}: its layout changed" >&2; exit 1; }
}

npm_image_build() {
  local tag=$1 recipe=$2 lines=$3
  printf 'FROM %s\n%s\nLABEL io.mcpfleet.test.image=true io.mcpfleet.test.recipe=%s\n' "$NODE_IMAGE" "$lines" "$recipe" \
    > Dockerfile
  printf 'package-lock.json\n' > .dockerignore
  docker build -q -t "$tag" . >/dev/null
}
