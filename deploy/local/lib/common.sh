# Shared helpers for the deploy/local scripts. Source after env.defaults.
LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT_DIR="$(cd "$LOCAL_DIR/../.." && pwd)"
RUN="$SHIPSHAPE_HOME/run"
LOGS="$SHIPSHAPE_HOME/logs"
DATA="$SHIPSHAPE_HOME/data"
TOOLS="$SHIPSHAPE_HOME/tools"
mkdir -p "$RUN" "$LOGS" "$DATA" "$TOOLS"
# The local registry, as image references name it (on this machine's side of the host link, so that
# every host's engine can pull from it), and the file that makes Podman engines trust it.
REGISTRY="$HOST_NET.1:$REGISTRY_PORT"
REGISTRY_TRUST="/etc/containers/registries.conf.d/50-shipshape-registry.conf"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# pid_alive NAME: true when $RUN/NAME.pid names a live process (a zombie, killed but not yet
# reaped, is not).
pid_alive() {
  local f="$RUN/$1.pid" pid
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid" | cut -c1)" != Z ]
}

# start_bg NAME LOGFILE CMD...: runs CMD in the background (own session) and records its PID.
# It runs from $SHIPSHAPE_HOME, never from the caller's folder: an engine whose working folder is
# deleted (a removed checkout) can no longer start containers.
start_bg() {
  local name="$1" logfile="$2"; shift 2
  (cd "$SHIPSHAPE_HOME" && exec setsid "$@" >>"$logfile" 2>&1 < /dev/null) &
  echo $! >"$RUN/$name.pid"
}

# wait_for SECONDS WHAT CMD...: polls CMD until it succeeds, failing after SECONDS.
wait_for() {
  local bound="$1" what="$2"; shift 2
  local deadline=$((SECONDS + bound))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

# stop_pid NAME [GRACE]: TERM the recorded process (and its session), KILL after GRACE seconds.
stop_pid() {
  local name="$1" grace="${2:-15}" f="$RUN/$1.pid" pid
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + grace))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; }
    log "stopped $name (pid $pid)"
  fi
  rm -f "$f"
}

# apt_ensure PKG...: installs the packages that are missing, updating the index only if needed.
apt_ensure() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$LOGS/apt.log" 2>&1 \
    || die "apt-get install ${missing[*]} failed; see $LOGS/apt.log"
}

mvnw() {
  if [ -x "$ROOT_DIR/mvnw" ]; then "$ROOT_DIR/mvnw" "$@"; else mvn "$@"; fi
}

engine_sock() { echo "$RUN/engine-$1.sock"; }
engine_dir() { echo "$DATA/engine-$1"; }
# engine_cli K ARGS...: the client of host K's engine, docker or podman as ENGINE says. The arguments
# both understand are used alike (ps, inspect, exec, save, load, rm, volume, ...).
engine_cli() {
  if [ "$(engine_kind "$1")" = podman ]; then podman_k "$@"; else docker_k "$@"; fi
}
# engine_kind K: docker or podman.
engine_kind() { if [ "$1" = "${PODMAN_HOST:-}" ]; then echo podman; else echo "$ENGINE"; fi; }
# all_hosts: every simulated host's number: the fleet's 1..ENGINE_COUNT, then the Podman host.
all_hosts() { seq 1 "$ENGINE_COUNT"; [ -z "${PODMAN_HOST:-}" ] || echo "$PODMAN_HOST"; }
# any_podman: some host runs Podman.
any_podman() { [ "$ENGINE" = podman ] || [ -n "${PODMAN_HOST:-}" ]; }
# engine_env K: the environment that makes the podman CLI use engine K's storage and config.
engine_env() {
  local d; d="$(engine_dir "$1")"
  echo "CONTAINERS_CONF=$d/containers.conf CONTAINERS_STORAGE_CONF=$d/storage.conf"
}
podman_k() { local k="$1"; shift; env $(engine_env "$k") podman "$@"; }

source "$LOCAL_DIR/lib/hosts.sh"
