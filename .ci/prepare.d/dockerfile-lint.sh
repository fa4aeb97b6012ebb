#!/usr/bin/env bash
# Installs dockerfile-utils (npm; the Dockerfile validator of the VS Code Docker language service) into
# .ci/.tools/, where the deploy-checks tests look for it to lint the Dockerfile. hadolint is neither a Debian
# nor an npm package, so this is the linter the registries we reach offer.
set -euo pipefail
cd "$(dirname "$0")/../.."
readonly version=0.16.3
readonly prefix=.ci/.tools/dockerfile-utils
readonly bin="$prefix/node_modules/.bin/dockerfile-utils"
if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null | awk '{print $3}')" = "$version" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    if [ ! -e /tmp/.cow-apt-updated ]; then
      apt-get -o DPkg::Lock::Timeout=300 update -qq
      touch /tmp/.cow-apt-updated
    fi
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq npm >/dev/null
  else
    echo "dockerfile-lint.sh: npm is missing and cannot be installed here (needs root and apt-get)" >&2
    exit 1
  fi
fi
mkdir -p "$prefix"
npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "dockerfile-utils@$version" >/dev/null
[ -x "$bin" ]
