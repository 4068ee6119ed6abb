#!/usr/bin/env bash
# pyat's smoke start for Jenkins, Buildkite, CircleCI, a cron job or anything else that runs a shell
# on a machine with Docker (the engine and Compose, v2 or v1) and Node 20 or later. Copy it into your
# repository, next to `services.yaml`, and call it from the CI step:
#
#   Jenkins (declarative):  steps { sh 'examples/ci/pyat-smoke.sh' }
#                           post { always { junit 'reports/pyat-junit.xml' } }
#   anything else:          bash pyat-smoke.sh    (exit 0: all healthy and every check passed)
#
# Settings, from the environment (all optional):
#   PYAT_FILES     registry files, later ones override earlier ones (default: services.yaml)
#   PYAT_PROFILES  profiles to activate (default: none)
#   PYAT_PROJECT   Compose project name (default: the registry's `name`; give each concurrent job its own)
#   PYAT_TIMEOUT   start-up budget for every service (default: the registry's health.timeout)
#   PYAT_REPORTS   where the JUnit and Markdown reports go (default: reports)
#   PYAT_PACKAGE   what to install when no `pyat` is on PATH (default: pyat; a tarball or git URL works)
#
# `pyat smoke` removes the stack and its volumes on success, on failure and when the job is
# stopped (SIGINT or SIGTERM, which `exec` below hands to pyat itself); give it ~10 s to do so
# before a hard kill.
set -euo pipefail

files=${PYAT_FILES:-services.yaml}
profiles=${PYAT_PROFILES:-}
reports=${PYAT_REPORTS:-reports}

if command -v pyat >/dev/null; then
  pyat=(pyat)
else
  # A local install, so that the job needs no write access to the global prefix.
  prefix=${TMPDIR:-/tmp}/pyat-ci
  npm install --prefix "$prefix" --no-audit --no-fund --no-save "${PYAT_PACKAGE:-pyat}" >&2
  pyat=("$prefix/node_modules/.bin/pyat")
fi
echo "pyat $("${pyat[@]}" --version)" >&2

args=()
set -f # the lists are split on spaces and commas, never expanded as globs
for f in ${files//,/ }; do args+=(-f "$f"); done
for p in ${profiles//,/ }; do args+=(--profile "$p"); done
set +f
if [ -n "${PYAT_PROJECT:-}" ]; then args+=(-p "$PYAT_PROJECT"); fi
opts=(--junit "$reports/pyat-junit.xml" --summary "$reports/pyat-summary.md")
if [ -n "${PYAT_TIMEOUT:-}" ]; then opts+=(--timeout "$PYAT_TIMEOUT"); fi

exec "${pyat[@]}" "${args[@]}" smoke "${opts[@]}"
