#!/usr/bin/env bash
# Installs what the wechaty channel's tests and benchmark need: Node.js with npm, and the pinned npm packages of
# the real Wechaty puppet service (wechaty/src/test/node/package-lock.json) in wechaty/src/test/node/node_modules
# (gitignored). Idempotent: does nothing when the installed packages match the lock file.
set -euo pipefail
cd "$(dirname "$0")/../.."
peer=wechaty/src/test/node
stamp="$peer/node_modules/.cow-installed-lock"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "wechaty-npm: installing Node.js and npm from Debian's packages" >&2
    if [ ! -e /tmp/.cow-apt-updated ]; then
      apt-get update -qq >&2 && touch /tmp/.cow-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
  else
    echo "wechaty-npm: Node.js/npm are missing and cannot be installed here (not root); the wechaty tests will be skipped" >&2
    exit 1
  fi
fi

if [ -f "$stamp" ] && cmp -s "$stamp" "$peer/package-lock.json" \
   && [ -d "$peer/node_modules/wechaty-puppet-service" ] && [ -d "$peer/node_modules/wechaty-puppet-mock" ]; then
  exit 0
fi

echo "wechaty-npm: installing the Wechaty puppet service packages into $peer/node_modules" >&2
(cd "$peer" && npm ci --no-audit --no-fund --loglevel=error >&2)
cp "$peer/package-lock.json" "$stamp"
