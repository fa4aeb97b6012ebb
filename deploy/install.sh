#!/usr/bin/env bash
# Installs ChatGPT-on-WeChat for Java as a systemd service on a Linux server, apt-based (Debian, Ubuntu) or
# yum/dnf-based (Alibaba Cloud Linux 3, CentOS, RHEL, Rocky, Alma):
#
#   /opt/cow/cow.jar                     the bot
#   /opt/cow/jvm.options                 its JVM options (COW_JAVA_OPTS in /etc/cow/cow.env adds to them)
#   /etc/cow/config.yaml                 its configuration (root:cow, 0640), written from the options below
#   /var/lib/cow/                        its data folder: login state, conversations, qr.png (kept by upgrades)
#   /etc/systemd/system/cow.service      the unit; the QR code to scan: the web console (port 9899), or
#                                        journalctl -u cow -f -o cat
#
# A JRE 17+ is installed when none is found. Running it again with the same inputs changes nothing; running it
# with a newer jar upgrades the bot and keeps the configuration and the data folder.
set -euo pipefail

readonly UNIT=cow
readonly SERVICE_USER=cow
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<'USAGE'
Usage: install.sh [options]

  --jar FILE        the bot's jar (default: cow.jar beside this script, else app/target/cow.jar of the
                    checkout this script is in; ./cow builds it)
  --api-key KEY     model provider's API key            (default: $OPENAI_API_KEY)
  --org-id ID       OpenAI organization id              (default: $OPENAI_ORGANIZATION_KEY)
  --keyword TEXT    trigger keyword, may be empty       (default: $CHATGPT_TRIGGER_KEYWORD)
  --model NAME      model name                          (default: $OPENAI_MODEL, else gpt-4o)
  --base-url URL    OpenAI-compatible API base URL      (default: $OPENAI_BASE_URL, else https://api.openai.com/v1)
  --channel NAME    WeChat channel: web, ilink, ...     (default: $COW_CHANNEL, else web)
  --console-port N  port of the web console             (default: $COW_CONSOLE_PORT, else 9899)
  --console-password TEXT
                    console password; with one the console listens on all addresses (open the port in your
                    firewall), without one only on 127.0.0.1 (reach it through an SSH tunnel)
                                                        (default: $COW_CONSOLE_PASSWORD)
  --root DIR        install below DIR instead of /; creates no user and starts nothing (tests, images)
  --no-start        install only; do not enable or (re)start the service
  --java PATH       the java (17+) the service runs with; no JRE is installed
  --no-jre          never install a JRE; fail when no Java 17+ is found
  -h, --help        this help

The configuration file is (re)written only when an API key is given (option or environment); without one an
existing /etc/cow/config.yaml is kept as it is. Prefer the environment variables to the options for the API
key: options are visible to other users of the machine while the script runs.
USAGE
}

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }

root=/
start=true
jar=""
java_bin=""
install_jre=true
api_key="${OPENAI_API_KEY:-}"
org_id="${OPENAI_ORGANIZATION_KEY:-}"
keyword="${CHATGPT_TRIGGER_KEYWORD:-}"
model="${OPENAI_MODEL:-}"
base_url="${OPENAI_BASE_URL:-}"
channel="${COW_CHANNEL:-}"
console_port="${COW_CONSOLE_PORT:-9899}"
console_password="${COW_CONSOLE_PASSWORD:-}"

need_value() { [ "$#" -ge 2 ] || die "$1 needs a value"; }
while [ "$#" -gt 0 ]; do
  case "$1" in
    --jar) need_value "$@"; jar="$2"; shift 2 ;;
    --api-key) need_value "$@"; api_key="$2"; shift 2 ;;
    --org-id) need_value "$@"; org_id="$2"; shift 2 ;;
    --keyword) need_value "$@"; keyword="$2"; shift 2 ;;
    --model) need_value "$@"; model="$2"; shift 2 ;;
    --base-url) need_value "$@"; base_url="$2"; shift 2 ;;
    --channel) need_value "$@"; channel="$2"; shift 2 ;;
    --console-port) need_value "$@"; console_port="$2"; shift 2 ;;
    --console-password) need_value "$@"; console_password="$2"; shift 2 ;;
    --root) need_value "$@"; root="$2"; shift 2 ;;
    --no-start) start=false; shift ;;
    --java) need_value "$@"; java_bin="$2"; install_jre=false; shift 2 ;;
    --no-jre) install_jre=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

[ -d "$root" ] || die "--root $root is not a folder"
root="$(cd "$root" && pwd)"
if [ "$root" != / ] && [ "$start" = true ]; then
  say "--root given: installing only, nothing is started"
  start=false
fi
on_host() { [ "$root" = / ]; }
if on_host && [ "$(id -u)" != 0 ]; then
  die "installing into / needs root: run it with sudo, or give --root DIR"
fi
at() { if on_host; then printf '%s' "$1"; else printf '%s%s' "$root" "$1"; fi; }

if [ -z "$jar" ]; then
  for candidate in "$here/cow.jar" "$here/../app/target/cow.jar"; do
    if [ -f "$candidate" ]; then jar="$candidate"; break; fi
  done
fi
{ [ -n "$jar" ] && [ -f "$jar" ]; } || die "no cow.jar found; build it with ./cow (it lands in app/target/cow.jar) or pass --jar FILE"
[ -f "$here/cow.service" ] || die "cow.service is missing beside this script ($here)"
[ -f "$here/jvm.options" ] || die "jvm.options is missing beside this script ($here)"

changed=false

# --- Java -------------------------------------------------------------------------------------------------

java_major() {
  local version
  version="$("$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')" || return 1
  case "$version" in
    1.*) echo "$version" | cut -d. -f2 ;;
    *) echo "$version" | cut -d. -f1 | cut -d- -f1 ;;
  esac
}

java_ok() { [ -x "$1" ] && [ "$(java_major "$1" 2>/dev/null || echo 0)" -ge 17 ] 2>/dev/null; }

find_java() {
  local candidate
  candidate="$(command -v java 2>/dev/null || true)"
  if [ -n "$candidate" ] && java_ok "$candidate"; then echo "$candidate"; return 0; fi
  for candidate in /usr/lib/jvm/*/bin/java; do
    if java_ok "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

apt_install_jre() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  local pkg
  for pkg in openjdk-17-jre-headless openjdk-21-jre-headless openjdk-25-jre-headless default-jre-headless; do
    if apt-cache show "$pkg" >/dev/null 2>&1; then
      say "installing $pkg"
      apt-get install -y -qq "$pkg" >/dev/null
      return 0
    fi
  done
  return 1
}

yum_install_jre() {
  local tool=$1 pkg
  for pkg in java-17-openjdk-headless java-21-openjdk-headless; do
    if "$tool" install -y -q "$pkg" >/dev/null 2>&1; then
      say "installed $pkg"
      return 0
    fi
  done
  return 1
}

ensure_java() {
  if [ -n "$java_bin" ]; then
    java_ok "$java_bin" || die "--java $java_bin is not a Java 17 or newer"
    return 0
  fi
  if java_bin="$(find_java)"; then
    return 0
  fi
  [ "$install_jre" = true ] || die "no Java 17 or newer found; install one (e.g. openjdk-17-jre-headless) or pass --java PATH"
  on_host || die "no Java 17 or newer found, and none can be installed into --root $root; pass --java PATH"
  [ "$(id -u)" = 0 ] || die "no Java 17 or newer found; run as root to install one"
  say "no Java 17 or newer found; installing a JRE"
  if command -v apt-get >/dev/null 2>&1; then
    apt_install_jre || die "could not install a JRE 17+ with apt-get"
  elif command -v dnf >/dev/null 2>&1; then
    yum_install_jre dnf || die "could not install a JRE 17+ with dnf"
  elif command -v yum >/dev/null 2>&1; then
    yum_install_jre yum || die "could not install a JRE 17+ with yum"
  else
    die "no apt-get, dnf or yum here; install Java 17 or newer yourself and run this again"
  fi
  java_bin="$(find_java)" || die "a JRE was installed but no Java 17+ can be found"
}

# --- files --------------------------------------------------------------------------------------------

# ensure_dir DIR MODE: creates DIR (below the root) with MODE, or fixes its mode.
ensure_dir() {
  local dir mode=$2
  dir="$(at "$1")"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    changed=true
  fi
  if [ "$(stat -c %a "$dir")" != "$mode" ]; then
    chmod "$mode" "$dir"
    changed=true
  fi
}

# put_file SOURCE TARGET MODE: copies SOURCE to TARGET (below the root) unless it is there already, atomically.
put_file() {
  local source=$1 target mode=$3
  target="$(at "$2")"
  if [ -f "$target" ] && cmp -s "$source" "$target"; then
    if [ "$(stat -c %a "$target")" != "$mode" ]; then chmod "$mode" "$target"; changed=true; fi
    say "unchanged: $2"
    return 0
  fi
  # Created private, then given its mode: the configuration holds the API key.
  (umask 077 && cp "$source" "$target.new")
  chmod "$mode" "$target.new"
  mv -f "$target.new" "$target"
  changed=true
  say "installed: $2"
}

# put_text TARGET MODE: writes standard input to TARGET like put_file.
put_text() {
  local tmp
  tmp="$(mktemp)"
  cat >"$tmp"
  put_file "$tmp" "$1" "$2"
  rm -f "$tmp"
}

# yaml_quote VALUE: VALUE as a single-quoted YAML scalar, which holds any one-line text.
yaml_quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

one_line() {
  case "$2" in
    *$'\n'* | *$'\r'*) die "$1 must be one line" ;;
  esac
}

config_text() {
  one_line "the API key" "$api_key"; one_line "the organization id" "$org_id"; one_line "the keyword" "$keyword"
  one_line "the model" "$model"; one_line "the base URL" "$base_url"; one_line "the channel" "$channel"
  one_line "the console password" "$console_password"
  case "$console_port" in
    '' | *[!0-9]*) die "--console-port must be a port number, not '$console_port'" ;;
  esac
  echo "# ChatGPT-on-WeChat for Java, written by deploy/install.sh. Edit it, then: systemctl restart $UNIT"
  echo "# Every key is explained in docs/configuration.md of the bot's source."
  echo "openaiApiKey: $(yaml_quote "$api_key")"
  echo "openaiOrganizationID: $(yaml_quote "$org_id")"
  echo "chatgptTriggerKeyword: $(yaml_quote "$keyword")"
  echo "channel: $(yaml_quote "${channel:-web}")"
  echo "model:"
  echo "  name: $(yaml_quote "${model:-gpt-4o}")"
  echo "  baseUrl: $(yaml_quote "${base_url:-https://api.openai.com/v1}")"
  echo "dataDir: '/var/lib/cow'"
  echo "console:"
  echo "  port: $console_port"
  if [ -n "$console_password" ]; then
    echo "  host: '0.0.0.0'"
    echo "  password: $(yaml_quote "$console_password")"
  fi
}

ensure_user() {
  on_host || { say "--root given: the service user '$SERVICE_USER' is not created"; return 0; }
  if ! getent passwd "$SERVICE_USER" >/dev/null; then
    local nologin
    nologin="$(command -v nologin || echo /bin/false)"
    useradd --system --user-group --home-dir /var/lib/cow --no-create-home --shell "$nologin" "$SERVICE_USER"
    changed=true
    say "created the system user $SERVICE_USER"
  fi
}

# own OWNER PATH: sets the owner on the host (a --root install keeps the caller's).
own() {
  on_host || return 0
  if [ "$(stat -c %U:%G "$2")" != "$1" ]; then
    chown "$1" "$2"
    changed=true
  fi
}

# --- the installation ---------------------------------------------------------------------------------

ensure_java
say "Java: $java_bin (version $(java_major "$java_bin"))"
ensure_user

ensure_dir /opt/cow 755
put_file "$jar" /opt/cow/cow.jar 644
put_file "$here/jvm.options" /opt/cow/jvm.options 644

ensure_dir /etc/cow 750
own "root:$SERVICE_USER" /etc/cow
if [ -n "$api_key" ]; then
  config_text | put_text /etc/cow/config.yaml 640
  own "root:$SERVICE_USER" /etc/cow/config.yaml
elif [ -f "$(at /etc/cow/config.yaml)" ]; then
  say "kept: /etc/cow/config.yaml (no API key given)"
elif [ "$start" = true ]; then
  die "no configuration yet: give the API key (OPENAI_API_KEY=... or --api-key) so /etc/cow/config.yaml can be written"
else
  say "no configuration written (no API key given); write /etc/cow/config.yaml before starting the service"
fi

ensure_dir /var/lib/cow 750
own "$SERVICE_USER:$SERVICE_USER" /var/lib/cow

ensure_dir /etc/systemd/system 755
sed "s|@JAVA@|$java_bin|" "$here/cow.service" | put_text "/etc/systemd/system/$UNIT.service" 644

if [ "$start" = false ]; then
  say "done; not started. Start it with: systemctl daemon-reload && systemctl enable --now $UNIT"
  exit 0
fi

systemctl daemon-reload
systemctl enable --quiet "$UNIT"
if [ "$changed" = true ] || ! systemctl is-active --quiet "$UNIT"; then
  systemctl restart "$UNIT"
  say "started $UNIT"
else
  say "nothing changed; $UNIT keeps running"
fi
if [ -n "$console_password" ]; then
  say "scan the QR code in the web console: http://<this server's address>:$console_port/qr (open the port in the firewall)"
else
  say "scan the QR code in the web console: ssh -L $console_port:127.0.0.1:$console_port <this server>, then http://localhost:$console_port/qr"
fi
say "or in the log: journalctl -u $UNIT -f -o cat (also saved as /var/lib/cow/qr.png)"
