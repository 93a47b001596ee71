#!/usr/bin/env bash
# The deployment test. It builds both images from this checkout's jars on a local Java base,
# starts service-manager and tool-router with docker-compose from docker-compose.core.yml (the
# gateway is left out: its image cannot be pulled here), routes a real MCP tool call through the
# router to a container the manager starts on the internal services network, and checks the
# hardening in `docker inspect`. It removes everything it created, also when it fails.
#
# usage: deploy/test/compose-test.sh        (needs the jars: mvn -q -DskipTests package)
# env:   JRE_IMAGE   base image for both images (default: a runtime jlinked from the newest local
#                    JDK 21+, by scripts/jre-image.sh; scripts/jdk.sh picks it)
#        COMPOSE     the compose command (default: docker-compose, else "docker compose")
#        KEEP=1      on failure, leave the project running and print how to remove it
#
# Takes about 1-2 minutes here: two image builds, two Spring Boot starts, two mimic starts.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
STARTED=$SECONDS

log() { printf '== %s (%ds)\n' "$*" "$((SECONDS - STARTED))"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# --- prerequisites -------------------------------------------------------------------------------
docker info >/dev/null 2>&1 || fail "no Docker engine answers (see .ci/run to start one)"
if [ -z "${COMPOSE:-}" ]; then
  if ! command -v docker-compose >/dev/null && ! docker compose version >/dev/null 2>&1; then
    # Debian's docker-compose 1.29 is the only compose these machines can install.
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-compose >/dev/null
  fi
  if command -v docker-compose >/dev/null; then COMPOSE=docker-compose; else COMPOSE="docker compose"; fi
fi
command -v curl >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q curl >/dev/null; }
for jar in service-manager/target/service-manager.jar tool-router/target/tool-router.jar; do
  [ -f "$jar" ] || fail "$jar is missing: build the jars first (mvn -q -DskipTests package)"
done

if [ -z "${JRE_IMAGE:-}" ]; then
  jdk=$(scripts/jdk.sh) || fail "no JDK 21+ to jlink a base image from: set JRE_IMAGE to a local Java 21+ image"
  best=$("$jdk/bin/java" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p')
  JRE_IMAGE=mcpfleet-test/jre:$best
  # Made again when it predates the runtime's default class archive (the label), which the images' archives need.
  if [ "$(docker image inspect -f '{{index .Config.Labels "io.mcpfleet.jre"}}' "$JRE_IMAGE" 2>/dev/null)" != cds ]; then
    log "base image $JRE_IMAGE from $jdk"
    scripts/jre-image.sh "$jdk" "$JRE_IMAGE" >/dev/null
  fi
fi
missing=()
for image in busybox mimic; do
  docker image inspect "mcpfleet-test/$image:$([ $image = busybox ] && echo 1 || echo latest)" >/dev/null 2>&1 \
    || missing+=("$image")
done
[ ${#missing[@]} -eq 0 ] || { log "test images: ${missing[*]}"; scripts/test-images.sh "${missing[@]}"; }

# --- a project of its own: names, networks, secrets -------------------------------------------
RUN=ct$(date +%s)$((RANDOM % 1000))
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mcpfleet-compose.XXXX")
export COMPOSE_PROJECT_NAME=mcpfleet-$RUN
export JRE_IMAGE FLEET_IMAGE_REPOSITORY=mcpfleet-test FLEET_IMAGE_TAG=compose-$RUN
export FLEET_NAME=$RUN
export FLEET_DOCKER_NETWORK=mcpfleet-$RUN-services FLEET_EGRESS_NETWORK=mcpfleet-$RUN-egress
export FLEET_CONFIG_DIR=$WORK/config
export FLEET_ROUTER_PORT= FLEET_MANAGER_PORT=          # empty: any free port on 127.0.0.1
export FLEET_API_TOKEN=api-$RANDOM$RANDOM FLEET_ROUTER_TOKEN=router-$RANDOM$RANDOM
export DOCKER_GID; DOCKER_GID=$(stat -c %g /var/run/docker.sock)
# Only the gateway reads these; compose wants them set to read the file at all.
export GATEWAY_JWT_SECRET_KEY=unused GATEWAY_AUTH_ENCRYPTION_SECRET=unused GATEWAY_ADMIN_PASSWORD=unused
export FLEET_GATEWAY_URL= FLEET_GATEWAY_TOKEN= FLEET_GATEWAY_USERNAME= FLEET_GATEWAY_PASSWORD=
: >"$WORK/empty.env"
compose() { $COMPOSE --env-file "$WORK/empty.env" -f "$ROOT/docker-compose.core.yml" "$@"; }

mkdir -p "$FLEET_CONFIG_DIR"
cat >"$FLEET_CONFIG_DIR/services.yml" <<'YAML'
# The fleet of the deployment test: the mimic MCP server twice.
defaults:
  image: mcpfleet-test/mimic:latest
  port: 8000
  hardening: {no_new_privileges: true, cap_drop: [ALL], read_only: true, tmpfs: [/tmp]}
services:
  # Asleep at start: the routed call wakes it. Its tool is declared, so the router lists it at once.
  echo:
    auto_start: false
    tools:
      - name: echo
        inputSchema: {type: object, properties: {text: {type: string}}, required: [text]}
  # Started with the manager, on the egress network too.
  outside:
    auto_start: true
    network: {egress: true}
YAML
# The manager reads it as its own non-root user.
chmod 755 "$WORK" "$FLEET_CONFIG_DIR"; chmod 644 "$FLEET_CONFIG_DIR/services.yml"

BUILD_STARTED=
cleanup() {
  status=$?
  if [ "$status" -ne 0 ]; then
    compose ps >&2 || true
    for service in service-manager tool-router; do
      echo "--- $service log (last 60 lines)" >&2
      compose logs --no-color --tail 60 "$service" >&2 || true
    done
    if [ -n "${KEEP:-}" ]; then
      echo "KEEP: left running; remove with:" >&2
      echo "  docker rm -f \$(docker ps -aq --filter label=com.docker.compose.project=$COMPOSE_PROJECT_NAME)" >&2
      echo "  docker rm -f \$(docker ps -aq --filter label=io.mcpfleet.fleet=$FLEET_NAME)" >&2
      echo "  docker network rm ${COMPOSE_PROJECT_NAME}_core $FLEET_DOCKER_NETWORK $FLEET_EGRESS_NETWORK" >&2
      echo "  docker volume rm \$(docker volume ls -q --filter label=com.docker.compose.project=$COMPOSE_PROJECT_NAME)" >&2
      echo "  docker rmi mcpfleet-test/service-manager:$FLEET_IMAGE_TAG mcpfleet-test/tool-router:$FLEET_IMAGE_TAG; rm -rf $WORK" >&2
      exit "$status"
    fi
  fi
  # The manager first (it would replace its containers), then its containers (they hold endpoints
  # on the project's networks), then the project.
  compose stop >/dev/null 2>&1 || true
  containers=$(docker ps -aq --filter "label=io.mcpfleet.fleet=$FLEET_NAME")
  [ -z "$containers" ] || docker rm -f $containers >/dev/null || true
  compose down --volumes --remove-orphans >/dev/null 2>&1 || true
  docker rmi "mcpfleet-test/service-manager:$FLEET_IMAGE_TAG" "mcpfleet-test/tool-router:$FLEET_IMAGE_TAG" \
    >/dev/null 2>&1 || true
  # The builder keeps each image's first stage (the jar and its extracted layers) as an untagged cache image.
  [ -z "$BUILD_STARTED" ] || for image in $(comm -13 <(printf '%s\n' "$DANGLING_BEFORE") \
      <(docker images -q --filter dangling=true | sort)); do
    if docker history --no-trunc --format '{{.CreatedBy}}' "$image" 2>/dev/null | grep -q 'jarmode=tools'; then
      docker rmi "$image" >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

# --- build and start -----------------------------------------------------------------------------
DANGLING_BEFORE=$(docker images -q --filter dangling=true | sort); BUILD_STARTED=1
log "build both images on $JRE_IMAGE ($COMPOSE)"
compose build service-manager tool-router >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; fail "build"; }
for image in service-manager tool-router; do
  docker image inspect -f "mcpfleet-test/$image: {{.Size}} bytes, {{len .RootFS.Layers}} layers" \
    "mcpfleet-test/$image:$FLEET_IMAGE_TAG"
done

log "up service-manager tool-router (project $COMPOSE_PROJECT_NAME)"
timeout 300 $COMPOSE --env-file "$WORK/empty.env" -f "$ROOT/docker-compose.core.yml" \
  up -d service-manager tool-router >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; fail "up"; }
manager=$(compose ps -q service-manager)
router=$(compose ps -q tool-router)
for _ in $(seq 120); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$router")" = healthy ] && break
  sleep 1
done
[ "$(docker inspect -f '{{.State.Health.Status}}' "$router")" = healthy ] || fail "the router did not become healthy"
ROUTER_URL=http://$(compose port tool-router 8080)/mcp
log "healthy; router at $ROUTER_URL"

# --- one MCP tool call through the router ----------------------------------------------------------
mcp() {  # mcp <json> [session]: POSTs one message, prints the response headers and body
  curl -sS -i --max-time 120 "$ROUTER_URL" -H "Authorization: Bearer $FLEET_ROUTER_TOKEN" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    ${2:+-H "Mcp-Session-Id: $2"} -d "$1"
}
init=$(mcp '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"compose-test","version":"1"}}}')
session=$(printf '%s' "$init" | tr -d '\r' | sed -nE 's/^[Mm]cp-[Ss]ession-[Ii]d: *(.*)$/\1/p')
[ -n "$session" ] || fail "initialize gave no session: $init"
mcp '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$session" >/dev/null
log "calling echo__echo (wakes the sleeping echo service)"
answer=$(mcp '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo__echo","arguments":{"text":"hello through the fleet"}}}' "$session")
grep -q 'hello through the fleet' <<<"$answer" || fail "the tool call did not come back: $answer"
! grep -q '"isError":true' <<<"$answer" || fail "the tool call failed: $answer"
log "the call came back from a managed container"

# --- what runs where, and how it is locked down --------------------------------------------------
sorted() { printf '%s\n' "$@" | sort | xargs; }
check() {  # check <what> <expected> <actual>
  if [ "$2" = "$3" ]; then printf '  ok  %-58s %s\n' "$1" "$3"; else fail "$1: expected '$2', got '$3'"; fi
}
inspect() { docker inspect -f "$2" "$1"; }
networks_of() { inspect "$1" '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}' | xargs -n1 | sort | xargs; }
echo_container=$(docker ps -q --filter "label=io.mcpfleet.fleet=$FLEET_NAME" --filter label=io.mcpfleet.service=echo)
outside_container=$(docker ps -q --filter "label=io.mcpfleet.fleet=$FLEET_NAME" --filter label=io.mcpfleet.service=outside)
[ -n "$echo_container" ] && [ -n "$outside_container" ] || fail "the managed containers are not running"

for c in "$manager" "$router"; do
  name=$(inspect "$c" '{{.Name}}')
  check "$name: read-only root filesystem" true "$(inspect "$c" '{{.HostConfig.ReadonlyRootfs}}')"
  check "$name: no-new-privileges" "[no-new-privileges:true]" "$(inspect "$c" '{{.HostConfig.SecurityOpt}}')"
  check "$name: non-root user" 65532:65532 "$(inspect "$c" '{{.Config.User}}')"
  check "$name: tmpfs" /tmp "$(inspect "$c" '{{range $path, $_ := .HostConfig.Tmpfs}}{{$path}}{{end}}')"
  check "$name: capabilities dropped" "[ALL]" "$(inspect "$c" '{{.HostConfig.CapDrop}}')"
done
check "manager: the socket's group" "[$DOCKER_GID]" "$(inspect "$manager" '{{.HostConfig.GroupAdd}}')"
check "manager: Docker socket mounted" /var/run/docker.sock \
  "$(inspect "$manager" '{{range .Mounts}}{{if eq .Destination "/var/run/docker.sock"}}{{.Source}}{{end}}{{end}}')"
check "manager: configuration read-only" false \
  "$(inspect "$manager" '{{range .Mounts}}{{if eq .Destination "/config"}}{{.RW}}{{end}}{{end}}')"
check "manager: networks" "$(sorted "mcpfleet-${RUN}_core" "$FLEET_DOCKER_NETWORK" "$FLEET_EGRESS_NETWORK")" \
  "$(networks_of "$manager")"
check "router: networks" "$(sorted "mcpfleet-${RUN}_core" "$FLEET_DOCKER_NETWORK")" "$(networks_of "$router")"
check "services network internal" true "$(docker network inspect -f '{{.Internal}}' "$FLEET_DOCKER_NETWORK")"
check "echo: only on the services network" "$FLEET_DOCKER_NETWORK" "$(networks_of "$echo_container")"
check "echo: no published port" "" "$(inspect "$echo_container" '{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostPort}}{{end}}{{end}}')"
check "echo: no-new-privileges, read-only" "[no-new-privileges:true] true" \
  "$(inspect "$echo_container" '{{.HostConfig.SecurityOpt}} {{.HostConfig.ReadonlyRootfs}}')"
check "outside (egress: true): networks" "$(sorted "$FLEET_DOCKER_NETWORK" "$FLEET_EGRESS_NETWORK")" \
  "$(networks_of "$outside_container")"
check "outside: no published port" "" "$(inspect "$outside_container" '{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostPort}}{{end}}{{end}}')"

# What the gateway sees from the core network, and what an MCP server sees from the services one.
wget_router() {  # wget_router <network> <token>: one initialize from a throwaway busybox container
  # (no wget -T: Debian's static busybox 1.35 crashes on it; the host's timeout bounds it instead)
  timeout 60 docker run --rm --network "$1" --label "io.mcpfleet.fleet=$FLEET_NAME" mcpfleet-test/busybox:1 \
    wget -q -O - --header "Authorization: Bearer $2" --header 'Content-Type: application/json' \
    --header 'Accept: application/json, text/event-stream' \
    --post-data '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"wget","version":"1"}}}' \
    http://tool-router:8080/mcp 2>&1 || true
}
grep -q '"serverInfo"' <<<"$(wget_router "mcpfleet-${RUN}_core" "$FLEET_ROUTER_TOKEN")" \
  || fail "the router does not answer http://tool-router:8080/mcp on the core network (FLEET_ALLOWED_HOSTS?)"
printf '  ok  %-58s %s\n' "core network: http://tool-router:8080/mcp" "answers with the token"
grep -q '401' <<<"$(wget_router "$FLEET_DOCKER_NETWORK" wrong-token)" \
  || fail "the router answered a caller on the services network without its token"
printf '  ok  %-58s %s\n' "services network: the router without its token" "401"

# What Prometheus scrapes (deploy/prometheus.yml): both actuators, without a token.
MANAGER_URL=http://$(compose port service-manager 9000)
metrics_manager=$(curl -sS --max-time 30 "$MANAGER_URL/actuator/prometheus")
metrics_router=$(curl -sS --max-time 30 "${ROUTER_URL%/mcp}/actuator/prometheus")
grep -q '^fleet_instances{' <<<"$metrics_manager" || fail "the manager's /actuator/prometheus has no fleet_instances"
grep -q '^fleet_router_calls_total{' <<<"$metrics_router" || fail "the router's /actuator/prometheus has no fleet_router_calls_total"
printf '  ok  %-58s %s\n' "metrics: /actuator/prometheus of both" "fleet_instances, fleet_router_calls_total"

log "PASS"
