#!/usr/bin/env bash
# Packs the bot for servers without a checkout, and as the File artifact of the Compute Nest service:
#   cow-package.tar.gz  =  cow-package/{cow.jar, install.sh, cow.service, jvm.options, config.example.yaml}
# On the server: tar -xzf cow-package.tar.gz && sudo OPENAI_API_KEY=sk-... cow-package/install.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/../app/target/cow.jar"
out="$here/../.computenest/resources/artifact_resources/file"

while [ "$#" -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) echo "Usage: package.sh [--jar FILE] [--out DIR]  (default: app/target/cow.jar into .computenest/resources/artifact_resources/file)"; exit 0 ;;
    *) echo "package.sh: unknown option: $1" >&2; exit 1 ;;
  esac
done
[ -f "$jar" ] || { echo "package.sh: $jar is missing; build it with ./cow --version (or mvn -B package -pl app -am)" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/cow-package" "$out"
cp "$jar" "$stage/cow-package/cow.jar"
cp "$here/install.sh" "$here/cow.service" "$here/jvm.options" "$here/config.example.yaml" "$stage/cow-package/"
chmod 755 "$stage/cow-package/install.sh"
chmod 644 "$stage/cow-package/cow.jar" "$stage/cow-package/cow.service" "$stage/cow-package/jvm.options" \
  "$stage/cow-package/config.example.yaml"
# The same inputs give the same bytes: no owners, no timestamps.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$stage" -cf - cow-package | gzip -n >"$out/cow-package.tar.gz"
echo "$out/cow-package.tar.gz"
