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
#
# Everything it needs is checked before anything is changed; when a step fails later, every file, folder, mode,
# owner and user it changed is put back as it was (and the previous service restarted), so a failed run leaves the
# machine as it found it. Only a JRE it installed stays.
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
  --as-host         with --root: also create the user, set owners and run systemctl, as on the machine
                    itself (for a root that a systemd manages, and for tests with stand-ins of those tools)
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
as_host=false
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
    --as-host) as_host=true; shift ;;
    --java) need_value "$@"; java_bin="$2"; install_jre=false; shift 2 ;;
    --no-jre) install_jre=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

[ -d "$root" ] || die "--root $root is not a folder"
root="$(cd "$root" && pwd)"
if [ "$root" != / ] && [ "$as_host" = false ] && [ "$start" = true ]; then
  say "--root given: installing only, nothing is started"
  start=false
fi
# on_host: the user, the owners and systemd are this machine's to change.
on_host() { [ "$root" = / ] || [ "$as_host" = true ]; }
if on_host && [ "$(id -u)" != 0 ]; then
  die "installing into / needs root: run it with sudo, or give --root DIR"
fi
at() { if [ "$root" = / ]; then printf '%s' "$1"; else printf '%s%s' "$root" "$1"; fi; }

if [ -z "$jar" ]; then
  for candidate in "$here/cow.jar" "$here/../app/target/cow.jar"; do
    if [ -f "$candidate" ]; then jar="$candidate"; break; fi
  done
fi
{ [ -n "$jar" ] && [ -f "$jar" ]; } || die "no cow.jar found; build it with ./cow (it lands in app/target/cow.jar) or pass --jar FILE"
[ -f "$here/cow.service" ] || die "cow.service is missing beside this script ($here)"
[ -f "$here/jvm.options" ] || die "jvm.options is missing beside this script ($here)"

changed=false

# --- undo ---------------------------------------------------------------------------------------------
# Each change is written down before it is made, with what undoes it; a run that fails undoes them in reverse.

work="$(mktemp -d)"
undo=()
systemd_touched=false
was_enabled=true
was_active=false
finished=false

# note_dir_time DIR: keeps DIR's modification time, which creating or replacing an entry in it changes.
note_dir_time() {
  local ref="$work/time.${#undo[@]}"
  touch -r "$1" "$ref"
  undo+=("time|$1|$ref")
}

rollback() {
  local i kind path extra
  for ((i = ${#undo[@]} - 1; i >= 0; i--)); do
    IFS='|' read -r kind path extra <<<"${undo[$i]}"
    case "$kind" in
      created) rm -rf -- "$path" ;;
      replaced) cp -p -- "$extra" "$path" ;;
      mode) chmod "$extra" "$path" ;;
      owner) chown "$extra" "$path" ;;
      time) touch -r "$extra" "$path" ;;
      user) userdel "$path" >/dev/null 2>&1 || echo "install.sh: could not remove the user $path" >&2 ;;
    esac
  done
  if [ "$systemd_touched" = true ]; then
    systemctl daemon-reload || true
    [ "$was_enabled" = true ] || systemctl disable --quiet "$UNIT" || true
    if [ "$was_active" = true ]; then systemctl restart "$UNIT" || true; else systemctl stop "$UNIT" 2>/dev/null || true; fi
  fi
}

on_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ "$finished" = false ] && { [ "${#undo[@]}" -gt 0 ] || [ "$systemd_touched" = true ]; }; then
    echo "install.sh: failed; undoing what this run changed" >&2
    rollback
    echo "install.sh: undone: the machine is as it was before this run${jre_installed:+ (except the JRE installed: $jre_installed)}" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap on_exit EXIT
jre_installed=""

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
      jre_installed="$pkg"
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
      jre_installed="$pkg"
      return 0
    fi
  done
  return 1
}

# check_java: finds the Java to use, or makes sure one can be installed (changes nothing).
need_jre=false
check_java() {
  if [ -n "$java_bin" ]; then
    java_ok "$java_bin" || die "--java $java_bin is not a Java 17 or newer"
    return 0
  fi
  if java_bin="$(find_java)"; then
    return 0
  fi
  [ "$install_jre" = true ] || die "no Java 17 or newer found; install one (e.g. openjdk-17-jre-headless) or pass --java PATH"
  [ "$root" = / ] || die "no Java 17 or newer found, and none can be installed into --root $root; pass --java PATH"
  [ "$(id -u)" = 0 ] || die "no Java 17 or newer found; run as root to install one"
  command -v apt-get >/dev/null 2>&1 || command -v dnf >/dev/null 2>&1 || command -v yum >/dev/null 2>&1 \
    || die "no Java 17 or newer found, and no apt-get, dnf or yum to install one; install Java 17+ yourself and run this again"
  need_jre=true
}

install_java() {
  [ "$need_jre" = true ] || return 0
  say "no Java 17 or newer found; installing a JRE"
  if command -v apt-get >/dev/null 2>&1; then
    apt_install_jre || die "could not install a JRE 17+ with apt-get"
  elif command -v dnf >/dev/null 2>&1; then
    yum_install_jre dnf || die "could not install a JRE 17+ with dnf"
  else
    yum_install_jre yum || die "could not install a JRE 17+ with yum"
  fi
  java_bin="$(find_java)" || die "a JRE was installed but no Java 17+ can be found"
}

# --- files --------------------------------------------------------------------------------------------

# ensure_dir DIR MODE: creates DIR (below the root) with MODE, or fixes its mode.
ensure_dir() {
  local dir mode=$2 top parent
  dir="$(at "$1")"
  if [ ! -d "$dir" ]; then
    top="$dir"
    while [ ! -e "$(dirname "$top")" ]; do top="$(dirname "$top")"; done
    parent="$(dirname "$top")"
    note_dir_time "$parent"
    undo+=("created|$top|")
    mkdir -p "$dir"
    changed=true
  fi
  if [ "$(stat -c %a "$dir")" != "$mode" ]; then
    undo+=("mode|$dir|$(stat -c %a "$dir")")
    chmod "$mode" "$dir"
    changed=true
  fi
}

# put_file SOURCE TARGET MODE: copies SOURCE to TARGET (below the root) unless it is there already, atomically.
put_file() {
  local source=$1 target mode=$3
  target="$(at "$2")"
  if [ -f "$target" ] && cmp -s "$source" "$target"; then
    if [ "$(stat -c %a "$target")" != "$mode" ]; then
      undo+=("mode|$target|$(stat -c %a "$target")")
      chmod "$mode" "$target"
      changed=true
    fi
    say "unchanged: $2"
    return 0
  fi
  note_dir_time "$(dirname "$target")"
  if [ -e "$target" ]; then
    local backup="$work/backup.${#undo[@]}"
    cp -p -- "$target" "$backup"
    undo+=("replaced|$target|$backup")
  else
    undo+=("created|$target|")
  fi
  undo+=("created|$target.new|")
  # Created private, then given its mode: the configuration holds the API key.
  (umask 077 && cp "$source" "$target.new")
  chmod "$mode" "$target.new"
  mv -f "$target.new" "$target"
  changed=true
  say "installed: $2"
}

# put_text TARGET MODE: writes standard input to TARGET like put_file. Feed it with < <(...), never from a pipe:
# the right side of a pipe runs in a subshell, and its undo notes (and "changed") would be lost.
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
    undo+=("user|$SERVICE_USER|")
    useradd --system --user-group --home-dir /var/lib/cow --no-create-home --shell "$nologin" "$SERVICE_USER"
    changed=true
    say "created the system user $SERVICE_USER"
  fi
}

# own OWNER PATH: sets the owner on the host (a --root install keeps the caller's).
own() {
  on_host || return 0
  local path owner
  path="$(at "$2")"
  owner="$(stat -c %U:%G "$path")"
  if [ "$owner" != "$1" ]; then
    undo+=("owner|$path|$owner")
    chown "$1" "$path"
    changed=true
  fi
}

# --- the installation ---------------------------------------------------------------------------------

# --- checks: everything is checked before anything is changed -------------------------------------------

one_line "the API key" "$api_key"; one_line "the organization id" "$org_id"; one_line "the keyword" "$keyword"
one_line "the model" "$model"; one_line "the base URL" "$base_url"; one_line "the channel" "$channel"
one_line "the console password" "$console_password"
case "$console_port" in
  '' | *[!0-9]*) die "--console-port must be a port number, not '$console_port'" ;;
esac
check_java
if [ -z "$api_key" ] && [ ! -f "$(at /etc/cow/config.yaml)" ] && [ "$start" = true ]; then
  die "no configuration yet: give the API key (OPENAI_API_KEY=... or --api-key) so /etc/cow/config.yaml can be written"
fi
if on_host; then
  for tool in getent chown; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing; it is needed to set up the service user"
  done
  if ! getent passwd "$SERVICE_USER" >/dev/null; then
    command -v useradd >/dev/null 2>&1 || die "useradd is missing; create the system user '$SERVICE_USER' yourself and run this again"
  fi
fi
if [ "$start" = true ]; then
  command -v systemctl >/dev/null 2>&1 || die "systemctl is missing: this machine does not run systemd; install with --no-start"
  systemctl show-environment >/dev/null 2>&1 \
    || die "systemd does not run here (a container?); install with --no-start and start the bot another way"
fi

# --- the installation ---------------------------------------------------------------------------------

install_java
say "Java: $java_bin (version $(java_major "$java_bin"))"
ensure_user

ensure_dir /opt/cow 755
put_file "$jar" /opt/cow/cow.jar 644
put_file "$here/jvm.options" /opt/cow/jvm.options 644

ensure_dir /etc/cow 750
own "root:$SERVICE_USER" /etc/cow
if [ -n "$api_key" ]; then
  put_text /etc/cow/config.yaml 640 < <(config_text)
  own "root:$SERVICE_USER" /etc/cow/config.yaml
elif [ -f "$(at /etc/cow/config.yaml)" ]; then
  say "kept: /etc/cow/config.yaml (no API key given)"
else
  say "no configuration written (no API key given); write /etc/cow/config.yaml before starting the service"
fi

ensure_dir /var/lib/cow 750
own "$SERVICE_USER:$SERVICE_USER" /var/lib/cow

ensure_dir /etc/systemd/system 755
put_text "/etc/systemd/system/$UNIT.service" 644 < <(sed "s|@JAVA@|$java_bin|" "$here/cow.service")

if [ "$start" = false ]; then
  finished=true
  say "done; not started. Start it with: systemctl daemon-reload && systemctl enable --now $UNIT"
  exit 0
fi

systemctl is-enabled --quiet "$UNIT" 2>/dev/null || was_enabled=false
systemctl is-active --quiet "$UNIT" 2>/dev/null && was_active=true
systemd_touched=true
systemctl daemon-reload
systemctl enable --quiet "$UNIT"
if [ "$changed" = true ] || [ "$was_active" = false ]; then
  systemctl restart "$UNIT" || die "systemctl restart $UNIT failed; see: journalctl -u $UNIT -n 50"
  say "started $UNIT"
else
  say "nothing changed; $UNIT keeps running"
fi
finished=true
if [ -n "$console_password" ]; then
  say "scan the QR code in the web console: http://<this server's address>:$console_port/qr (open the port in the firewall)"
else
  say "scan the QR code in the web console: ssh -L $console_port:127.0.0.1:$console_port <this server>, then http://localhost:$console_port/qr"
fi
say "or in the log: journalctl -u $UNIT -f -o cat (also saved as /var/lib/cow/qr.png)"
