#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) with CJK and emoji fonts: the real browser the console's tests drive
# headless through Playwright for Java (its own browser download is skipped; see app's ConsoleBrowser).
set -euo pipefail
packages=(chromium fonts-noto-cjk fonts-noto-color-emoji)
command -v chromium >/dev/null 2>&1 && dpkg -s "${packages[@]}" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium.sh: chromium is missing and cannot be installed here (needs root and apt-get)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if [ ! -e /tmp/.cow-apt-updated ]; then
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  touch /tmp/.cow-apt-updated
fi
apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
command -v chromium >/dev/null
