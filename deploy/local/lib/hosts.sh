# Simulated hosts: a network namespace per host with its own container engine, reachable from this
# machine only as a real host is. Source after common.sh.
#
#   this machine (control plane)              host-K (namespace shipshape-host-K)
#   ss-link bridge  HOST_NET.1/24  <-- veth -->  eth0  HOST_NET.(10+K)/24, no default route
#   Kafka, PostgreSQL, registry also           engine: socket $RUN/engine-K.sock,
#   listen on HOST_NET.1                       API tcp://HOST_NET.(10+K):ENGINE_PORT
#   unreachable HOST_CONTAINER_RANGE           container networks from HOST_CONTAINER_RANGE
#
# A host namespace has only its link's subnet: nothing in it can send anywhere but this machine and
# the other hosts. This machine has an `unreachable` route for every host's container range, so a
# stray connection to a container address fails here at once instead of leaving the machine.

LINK_BRIDGE=ss-link
CONTROL_ADDRESS="$HOST_NET.1"

host_ns() { echo "shipshape-host-$1"; }
host_addr() { echo "$HOST_NET.$((10 + $1))"; }
host_veth() { echo "ss-h$1"; }
# in_host K CMD...: runs CMD in host K's network namespace (never `ip netns exec`: it remounts /sys
# and dockerd then finds no cgroups).
in_host() { local k="$1"; shift; nsenter --net="/var/run/netns/$(host_ns "$k")" "$@"; }
engine_url() { echo "tcp://$(host_addr "$1"):$ENGINE_PORT"; }
# Each host's container networks: its default bridge and its pool for user-defined networks, all
# inside HOST_CONTAINER_RANGE (10.200.0.0/13 by default: bridges 10.200.K.0/24, pools 10.(200+K)/16).
host_bip() { echo "10.200.$1.1/24"; }
host_pool() { echo "10.$((200 + $1)).0.0/16"; }

ensure_link() {
  ip link show "$LINK_BRIDGE" >/dev/null 2>&1 || ip link add "$LINK_BRIDGE" type bridge
  ip -4 addr show dev "$LINK_BRIDGE" | grep -q "inet $CONTROL_ADDRESS/" \
    || ip addr add "$CONTROL_ADDRESS/24" dev "$LINK_BRIDGE"
  ip link set "$LINK_BRIDGE" up
  ip route show type unreachable | grep -q "^unreachable $HOST_CONTAINER_RANGE" \
    || ip route add unreachable "$HOST_CONTAINER_RANGE"
}

ensure_host_ns() {
  local k="$1" ns veth
  ns="$(host_ns "$k")"; veth="$(host_veth "$k")"
  [ -e "/var/run/netns/$ns" ] || ip netns add "$ns"
  ip link show "$veth" >/dev/null 2>&1 || ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$LINK_BRIDGE" up
  ip -n "$ns" -4 addr show dev eth0 | grep -q "inet $(host_addr "$k")/" \
    || ip -n "$ns" addr add "$(host_addr "$k")/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
}

remove_host_ns() {
  local k="$1"
  ip link del "$(host_veth "$k")" 2>/dev/null || true
  [ -e "/var/run/netns/$(host_ns "$k")" ] && ip netns del "$(host_ns "$k")"
  return 0
}

remove_link() {
  ip route del unreachable "$HOST_CONTAINER_RANGE" 2>/dev/null || true
  ip link del "$LINK_BRIDGE" 2>/dev/null || true
}

# The hosts that exist now (namespaces these scripts made), as numbers.
made_hosts() {
  ip netns list 2>/dev/null | sed -n 's/^shipshape-host-\([0-9]*\).*/\1/p' | sort -n
}

# --- Docker Engine ------------------------------------------------------------------------------
# docker_k K ARGS...: the docker client against host K's engine (the classic builder: the client
# has no buildx plugin here and dockerd 20.10's builder reads our Containerfiles as they are).
docker_k() { local k="$1"; shift; DOCKER_HOST="unix://$(engine_sock "$k")" DOCKER_BUILDKIT=0 docker "$@"; }

write_docker_config() {
  local k="$1" d; d="$(engine_dir "$k")"
  mkdir -p "$d/data" "$d/exec"
  cat >"$d/daemon.json" <<JSON
{
  "insecure-registries": ["$REGISTRY"],
  "bip": "$(host_bip "$k")",
  "cgroup-parent": "/$(host_ns "$k")",
  "default-address-pools": [{"base": "$(host_pool "$k")", "size": 24}],
  "log-driver": "json-file",
  "log-opts": {"max-size": "10m", "max-file": "3"}
}
JSON
}

start_docker_engine() {
  local k="$1" d; d="$(engine_dir "$k")"
  write_docker_config "$k"
  rm -f "$(engine_sock "$k")"
  log "starting Docker Engine for host-$k at $(engine_url "$k") (namespace $(host_ns "$k"))"
  # --tls=false says out loud that the API is plain TCP on the private link (dockerd otherwise
  # delays its start by 15 s to warn about it).
  start_bg "engine-$k" "$LOGS/engine-$k.log" nsenter --net="/var/run/netns/$(host_ns "$k")" \
    dockerd --config-file "$d/daemon.json" --data-root "$d/data" --exec-root "$d/exec" \
    --pidfile "$d/docker.pid" -H "unix://$(engine_sock "$k")" -H "$(engine_url "$k")" --tls=false \
    --exec-opt native.cgroupdriver=cgroupfs \
    --containerd-namespace "host-$k" --containerd-plugins-namespace "host-$k-plugins"
}

# --- Docker Compose v2 --------------------------------------------------------------------------
COMPOSE_PLUGIN=/usr/local/lib/docker/cli-plugins/docker-compose

install_compose() {
  if [ -x "$COMPOSE_PLUGIN" ] && docker compose version >/dev/null 2>&1; then return 0; fi
  local mirror deb="$TOOLS/$COMPOSE_DEB" x
  mirror="$(debian_mirror)"
  if [ ! -f "$deb" ] || ! echo "$COMPOSE_SHA256  $deb" | sha256sum -c --quiet >/dev/null 2>&1; then
    log "fetching Docker Compose v2 ($COMPOSE_DEB) from $mirror"
    curl -fsS --max-time 300 -o "$deb.tmp" "$mirror/pool/main/d/docker-compose/$COMPOSE_DEB" \
      || die "could not download $COMPOSE_DEB from $mirror"
    echo "$COMPOSE_SHA256  $deb.tmp" | sha256sum -c --quiet >/dev/null 2>&1 \
      || die "$COMPOSE_DEB does not have the expected SHA-256"
    mv "$deb.tmp" "$deb"
  fi
  x="$(mktemp -d)"
  dpkg-deb -x "$deb" "$x"
  mkdir -p "$(dirname "$COMPOSE_PLUGIN")"
  install -m 755 "$x/usr/libexec/docker/cli-plugins/docker-compose" "$COMPOSE_PLUGIN"
  rm -rf "$x"
  docker compose version >/dev/null || die "docker compose does not run"
}

# debian_mirror: the Debian mirror this machine's apt sources name (trixie's packages come from it).
debian_mirror() {
  local m
  m="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1)"
  [ -n "$m" ] || m="$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -1)"
  echo "${DEBIAN_MIRROR:-${m:-http://deb.debian.org/debian}}"
}
