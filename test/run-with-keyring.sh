#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, with HOME and the
# XDG folders pointed at a throw-away directory, so tests use the real OS keychain (libsecret)
# without touching the developer's own.
#   bash test/run-with-keyring.sh <command> [args...]
set -euo pipefail

if [ -z "${KURA_KEYRING_INNER:-}" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/kura-test-home.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/home" "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/runtime"
  chmod 700 "$tmp/runtime"
  export KURA_REAL_HOME="${HOME:-}"
  export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
         XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime"
  # npm's cache and vitest's cache stay where they were: only the keychain's world is private.
  export npm_config_cache="${npm_config_cache:-$KURA_REAL_HOME/.npm}"
  export KURA_KEYRING_INNER=1
  status=0
  dbus-run-session -- bash "$0" "$@" 2> >(grep --line-buffered -v -e "Failed to set fd limit" >&2) || status=$?
  exit $status
fi

# Inside the private session: start the secrets component. A non-empty unlock password makes the
# daemon create the "login" collection itself instead of asking a (display-less) prompter.
eval "$(printf 'kura-test-keyring' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL
# Give the daemon a moment to claim org.freedesktop.secrets on the bus.
for _ in $(seq 1 50); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done
bus_pid_of() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID "string:$1" 2>/dev/null | awk '/uint32/ {print $2}'
}
keyring_pid=$(bus_pid_of org.freedesktop.secrets)
bus_pid=$(bus_pid_of org.freedesktop.DBus)
status=0
PATH="$PWD/node_modules/.bin:$PATH" "$@" || status=$?
# Both daemons belong to this run only. Left running they would hold the caller's stdout open
# (a CI log pipe never reaching EOF), so stop them by PID.
for pid in $keyring_pid $bus_pid; do kill "$pid" 2>/dev/null || true; done
exit $status
