#!/usr/bin/env bash
# Installs shellcheck (Debian package), which the deploy-checks tests run on every deployment shell script.
set -euo pipefail
command -v shellcheck >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "shellcheck.sh: shellcheck is missing and cannot be installed here (needs root and apt-get)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if [ ! -e /tmp/.cow-apt-updated ]; then
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  touch /tmp/.cow-apt-updated
fi
apt-get -o DPkg::Lock::Timeout=300 install -y -qq shellcheck >/dev/null
command -v shellcheck >/dev/null
