#!/usr/bin/env bash
# Makes this machine able to run pyat's Docker-backed tests and demo: a running Docker engine and
# the local images that stand in for postgres/redis/node (no registry can be reached here; see
# shared/docker-here.md). Idempotent: each step checks before it acts, so a second run takes seconds.
#
#   scripts/docker-env.sh            # as root (re-runs itself with sudo otherwise)
#
# Environment: PYAT_ROOTFS_CACHE (default /var/tmp/pyat-rootfs) keeps the debootstrapped root
# between runs; PYAT_DEBIAN_MIRROR overrides the mirror read from /etc/apt; PYAT_COMPOSE_V2_DIR
# (default /opt/pyat/compose-v2) is where Compose v2 is put for the tests that run pyat on it.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "docker-env: run as root" >&2; exit 1; }
  exec sudo -E "$0" "$@"
fi

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOTFS_CACHE=${PYAT_ROOTFS_CACHE:-/var/tmp/pyat-rootfs}
BASE_IMAGE=pyat-local/debian:bookworm
BASE_PACKAGES=postgresql,redis-server,nodejs,wget,ca-certificates
DOCKERD_LOG=/var/log/dockerd.log
DOCKERD_PIDFILE=/var/run/docker.pid
COMPOSE_V2_DIR=${PYAT_COMPOSE_V2_DIR:-/opt/pyat/compose-v2}
LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pyat-docker-env.XXXXXX")
trap 'rm -rf "$LOG_DIR"' EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
START_MS=$(now_ms)
since() { local ms=$(($(now_ms) - $1)); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }
step() { printf 'docker-env: %-34s %s\n' "$1" "$2"; }
die() { printf 'docker-env: ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a noisy command with its output in a log; on failure shows the end of that log.
quiet() {
  local name=$1; shift
  if ! "$@" >"$LOG_DIR/$name.log" 2>&1; then
    tail -n 30 "$LOG_DIR/$name.log" >&2
    die "$name failed: $*"
  fi
}

ensure_packages() {
  if ! command -v dpkg-query >/dev/null; then
    step packages "not a Debian system: skipped (needs docker, docker-compose, debootstrap)"
    return
  fi
  local pkg missing=() wanted=(docker.io docker-compose debootstrap busybox-static)
  # An engine that Debian's docker.io did not install (Docker's own packages, as on GitHub's runners)
  # comes with Compose v2, and docker.io would conflict with it.
  if command -v dockerd >/dev/null && ! dpkg-query -W -f='${Status}' docker.io 2>/dev/null | grep -q 'install ok installed'; then
    wanted=(debootstrap busybox-static)
  fi
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then step packages "present (skipped)"; return; fi
  local t; t=$(now_ms)
  export DEBIAN_FRONTEND=noninteractive
  quiet apt-get-update apt-get update
  quiet apt-get-install apt-get install -y "${missing[@]}"
  step packages "installed ${missing[*]} in $(since "$t")"
}

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

ensure_engine() {
  if engine_answers; then step engine "running (skipped)"; return; fi
  local t pid started=; t=$(now_ms)
  pid=$(cat "$DOCKERD_PIDFILE" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
    step engine "dockerd (pid $pid) runs but does not answer yet: waiting"
  else
    # A killed daemon leaves its pid file behind, and a new dockerd refuses to start while it exists.
    [ -e "$DOCKERD_PIDFILE" ] && rm -f "$DOCKERD_PIDFILE" && step engine "removed stale $DOCKERD_PIDFILE"
    command -v dockerd >/dev/null || die "dockerd not found: install docker.io"
    # setsid + nohup: the daemon must outlive this script and its terminal.
    setsid nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
    started=$!
  fi
  local deadline=$(($(now_ms) + 30000))
  until engine_answers; do
    # A daemon that exited (a stale pid file, a bad option) will never answer: say so now.
    if [ -n "$started" ] && ! kill -0 "$started" 2>/dev/null; then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      die "dockerd exited at start (see $DOCKERD_LOG)"
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      die "the Docker engine did not answer within 30 s (see $DOCKERD_LOG)"
    fi
    sleep 0.5
  done
  step engine "started dockerd in $(since "$t") (log: $DOCKERD_LOG)"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# The Debian URI that apt already uses: the only mirror known to be reachable from this machine.
debian_mirror() {
  if [ -n "${PYAT_DEBIAN_MIRROR:-}" ]; then echo "$PYAT_DEBIAN_MIRROR"; return; fi
  local uri
  uri=$({ grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
          grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | sed 's/\[[^]]*\]//' | awk '{print $2}'
        } | grep -v -- '-security' | head -n1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

rootfs_complete() {
  local f
  for f in usr/lib/postgresql/15/bin/postgres usr/bin/redis-server usr/bin/node usr/bin/wget etc/ssl/certs/ca-certificates.crt; do
    [ -e "$1/$f" ] || return 1
  done
}

ensure_base_image() {
  if image_exists "$BASE_IMAGE"; then step "$BASE_IMAGE" "present (skipped)"; return; fi
  local root=$ROOTFS_CACHE/root t; t=$(now_ms)
  if rootfs_complete "$root"; then
    step rootfs "reusing $root"
  else
    command -v debootstrap >/dev/null || die "debootstrap not found: install debootstrap"
    local mirror; mirror=$(debian_mirror)
    # Built aside and renamed when complete, so that an interrupted run is never mistaken for a root.
    rm -rf "$root" "$root.partial" && mkdir -p "$ROOTFS_CACHE"
    step rootfs "debootstrapping bookworm + $BASE_PACKAGES from $mirror (about a minute)"
    quiet debootstrap debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$root.partial" "$mirror"
    mv "$root.partial" "$root"
    step rootfs "debootstrapped in $(since "$t")"
  fi
  t=$(now_ms)
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/*
  tar -C "$root" --numeric-owner --exclude='./usr/share/doc/*' --exclude='./usr/share/man/*' -c . |
    docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'CMD ["bash"]' \
      --message "debootstrap minbase bookworm + $BASE_PACKAGES" - "$BASE_IMAGE" >/dev/null
  step "$BASE_IMAGE" "imported in $(since "$t") ($(docker image inspect -f '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
}

# A hash of the build context, the base image and the build arguments: an image whose label holds
# the same hash is up to date, so an unchanged image costs one `docker image inspect`.
context_hash() {
  local ctx=$1; shift
  {
    (cd "$ctx" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    docker image inspect -f '{{.Id}}' "$BASE_IMAGE"
    printf '%s\n' "$@"
  } | sha256sum | cut -c1-16
}

# build_image TAG CONTEXT [docker build options...]
build_image() {
  local tag=$1 ctx=$2; shift 2
  local hash current t
  hash=$(context_hash "$ctx" "$@")
  current=$(docker image inspect -f '{{ index .Config.Labels "pyat.context-hash" }}' "$tag" 2>/dev/null || true)
  if [ "$current" = "$hash" ]; then step "$tag" "up to date (skipped)"; return; fi
  t=$(now_ms)
  quiet "build-${tag//[\/:]/-}" docker build --label "pyat.context-hash=$hash" -t "$tag" "$@" "$ctx"
  step "$tag" "built in $(since "$t")"
}

# The demo image copies a bundle made on the host; remake it when a source is newer.
# The 2 MB image the fault and runtime tests run: Debian's static busybox in an empty root.
ensure_busybox_image() {
  local tag=busybox-local:latest root t
  if image_exists "$tag"; then step "$tag" "present (skipped)"; return; fi
  [ -x /bin/busybox ] || die "/bin/busybox not found: install busybox-static"
  t=$(now_ms)
  root=$(mktemp -d "${TMPDIR:-/tmp}/pyat-busybox.XXXXXX")
  mkdir -p "$root/bin" "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' - "$tag" >/dev/null
  rm -rf "$root"
  step "$tag" "imported in $(since "$t")"
}

# Compose v2 for the tests that run pyat on it, beside v1 (which stays the one on PATH): Debian
# bookworm packages only v1, so v2 is the docker-compose package of Debian trixie (a Go binary
# needing libc6 >= 2.34), unpacked into COMPOSE_V2_DIR and never installed; the tests point the
# docker CLI at it with a DOCKER_CONFIG whose cliPluginsExtraDirs names that folder.
ensure_compose_v2() {
  local plugin=$COMPOSE_V2_DIR/docker-compose
  if [ -x "$plugin" ] && "$plugin" version --short >/dev/null 2>&1; then step "compose v2" "present: $("$plugin" version --short) (skipped)"; return; fi
  local t work mirror; t=$(now_ms); work=$(mktemp -d "${TMPDIR:-/tmp}/pyat-compose-v2.XXXXXX")
  mirror=$(debian_mirror)
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
  echo "deb $mirror trixie main" >"$work/sources.list"
  local apt_opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
  quiet compose-v2-index apt-get "${apt_opts[@]}" update
  (cd "$work" && quiet compose-v2-download apt-get "${apt_opts[@]}" download docker-compose)
  mkdir -p "$work/x" "$COMPOSE_V2_DIR"
  dpkg-deb -x "$work"/docker-compose_*.deb "$work/x"
  install -m 0755 "$work/x/usr/libexec/docker/cli-plugins/docker-compose" "$plugin"
  rm -rf "$work"
  "$plugin" version --short >/dev/null 2>&1 || die "compose v2 at $plugin does not run"
  step "compose v2" "$("$plugin" version --short) into $COMPOSE_V2_DIR in $(since "$t")"
}

ensure_demo_bundle() {
  local out=$REPO/examples/demo/service/dist/service.cjs
  if [ -f "$out" ] && [ -z "$(find "$REPO/examples/demo/service/src" "$REPO/package-lock.json" -newer "$out" -print -quit)" ]; then
    step "demo bundle" "up to date (skipped)"
    return
  fi
  [ -x "$REPO/node_modules/.bin/esbuild" ] || die "node_modules/.bin/esbuild missing: run npm ci first"
  local t; t=$(now_ms)
  quiet build-demo npm --prefix "$REPO" run --silent build:demo
  step "demo bundle" "built examples/demo/service/dist/service.cjs in $(since "$t")"
}

ensure_packages
ensure_engine
# The engine is 20.10; a newer docker client without the buildx plugin must be told to use the
# classic builder (which it would otherwise pick with a warning, or refuse to in a later release).
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0
ensure_base_image
build_image pyat-local/postgres:15 "$REPO/images/postgres"
build_image pyat-local/redis:7 "$REPO/images/redis"
ensure_busybox_image
ensure_demo_bundle
ensure_compose_v2
build_image pyat-local/demo-service:latest "$REPO/examples/demo/service" --build-arg BASE_IMAGE="$BASE_IMAGE"
step done "in $(since "$START_MS")"
