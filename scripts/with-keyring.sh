#!/usr/bin/env bash
# Run a command with a real, throwaway Secret Service keyring:
#
#     scripts/with-keyring.sh uv run pytest
#
# The command runs inside a private D-Bus session (dbus-run-session) where
# gnome-keyring-daemon serves a fresh login keyring, created and unlocked with a
# random password, in a temporary folder that is deleted on exit. The user's own
# keyring is never touched. Used by .ci/run; handy on a headless machine or over SSH.
# Needs: dbus (dbus-run-session, dbus-send), gnome-keyring, libsecret-tools (secret-tool).
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

if [[ "${_TRIGGER_DESK_KEYRING_STAGE:-}" != inner ]]; then
    missing=()
    for tool in dbus-run-session dbus-send gnome-keyring-daemon secret-tool; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "with-keyring: missing ${missing[*]}; install them with" >&2
        echo "  apt-get install dbus gnome-keyring libsecret-tools" >&2
        exit 2
    fi
    # No display inside the bus session: an unlock prompt the daemon might start must
    # fail at once instead of waiting for a click. The command gets the display back.
    exec env -u DISPLAY -u WAYLAND_DISPLAY \
        _TRIGGER_DESK_KEYRING_STAGE=inner \
        _TRIGGER_DESK_DISPLAY="${DISPLAY:-}" \
        _TRIGGER_DESK_WAYLAND_DISPLAY="${WAYLAND_DISPLAY:-}" \
        dbus-run-session -- bash "$(realpath "${BASH_SOURCE[0]}")" "$@"
fi

# --- inside the private D-Bus session ---
unset _TRIGGER_DESK_KEYRING_STAGE
keyring_tmp=$(mktemp -d "${TMPDIR:-/tmp}/trigger-desk-keyring.XXXXXX")
daemon_pid=""
cleanup() {
    if [[ -n "$daemon_pid" ]]; then
        kill "$daemon_pid" 2>/dev/null || true
        wait "$daemon_pid" 2>/dev/null || true
    fi
    rm -rf "$keyring_tmp"
}
trap cleanup EXIT
mkdir -p "$keyring_tmp/home" "$keyring_tmp/data" "$keyring_tmp/runtime"
chmod 700 "$keyring_tmp/runtime"

# gnome-keyring keeps its files under XDG_DATA_HOME/keyrings and its control socket
# under XDG_RUNTIME_DIR: both point into the temporary folder, so --unlock finds no
# login keyring and creates a fresh one with this password.
password=$(head -c 24 /dev/urandom | base64)
printf '%s' "$password" |
    HOME="$keyring_tmp/home" XDG_DATA_HOME="$keyring_tmp/data" \
        XDG_RUNTIME_DIR="$keyring_tmp/runtime" \
        gnome-keyring-daemon --foreground --unlock --components=secrets \
        >"$keyring_tmp/daemon.log" 2>&1 &
daemon_pid=$!
unset password

fail() {
    echo "with-keyring: $1" >&2
    cat "$keyring_tmp/daemon.log" >&2 || true
    exit 1
}

# Wait until the daemon owns the Secret Service name; asking earlier would make D-Bus
# start a second daemon of its own, outside the temporary folder.
for _ in $(seq 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true'; then
        break
    fi
    kill -0 "$daemon_pid" 2>/dev/null || fail "gnome-keyring-daemon exited early"
    sleep 0.1
done

# Smoke test: store, read back and clear one item.
probe="probe-$$-$RANDOM"
printf '%s' "$probe" |
    secret-tool store --label="trigger-desk keyring smoke test" service trigger-desk-smoke probe "$probe" ||
    fail "secret-tool store failed: the keyring is not usable"
[[ "$(secret-tool lookup service trigger-desk-smoke probe "$probe")" == "$probe" ]] ||
    fail "secret-tool lookup did not return what was stored"
secret-tool clear service trigger-desk-smoke probe "$probe"

export TRIGGER_DESK_THROWAWAY_KEYRING=1  # tests may lock/create collections in it
[[ -n "$_TRIGGER_DESK_DISPLAY" ]] && export DISPLAY="$_TRIGGER_DESK_DISPLAY"
[[ -n "$_TRIGGER_DESK_WAYLAND_DISPLAY" ]] && export WAYLAND_DISPLAY="$_TRIGGER_DESK_WAYLAND_DISPLAY"
unset _TRIGGER_DESK_DISPLAY _TRIGGER_DESK_WAYLAND_DISPLAY

status=0
"$@" || status=$?
exit "$status"
