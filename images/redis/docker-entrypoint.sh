#!/usr/bin/env bash
# Like docker-library/redis docker-entrypoint.sh: options alone mean redis-server; a redis-server
# command (the default or an override such as `redis-server --requirepass X`) gets the options a
# container needs unless it names them itself; then the server runs as user redis, as PID 1.
set -Eeuo pipefail

if [ "${1:0:1}" = '-' ] || [[ "$1" == *.conf ]]; then set -- redis-server "$@"; fi

if [ "$1" = redis-server ]; then
  has() { local a; for a in "${@:2}"; do [ "$a" = "$1" ] && return 0; done; return 1; }
  config_file=; [[ "${2:-}" == *.conf ]] && config_file=$2
  # Listen where Docker publishes the port, whatever the build's compiled default (Debian's own
  # redis.conf binds 127.0.0.1).
  if ! has --bind "$@" && [ -z "$config_file" ]; then set -- "$@" --bind 0.0.0.0; fi
  if ! has --protected-mode "$@" && [ -z "$config_file" ]; then set -- "$@" --protected-mode no; fi
  # REDIS_PASSWORD is a convenience of this image (not of the official one): it applies when the
  # command does not set a password itself.
  if [ -n "${REDIS_PASSWORD:-}" ] && ! has --requirepass "$@"; then set -- "$@" --requirepass "$REDIS_PASSWORD"; fi
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis:redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
