#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked, throw-away gnome-keyring, so
# that tests use a real Secret Service and never the keyring of the person running them.
#
#   Tests/Scripts/with-keyring.sh swift test --scratch-path .build-ci
#
# HOME and the XDG directories point into a temporary directory for the daemon; the command
# gets them too, except HOME, which is restored for it when KEEP_HOME=1 (SwiftPM and git read
# their configuration from HOME). Needs dbus-run-session (dbus-daemon) and gnome-keyring.
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 command [argument...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: $tool is missing (apt-get install dbus-daemon gnome-keyring)" >&2
        exit 127
    fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/ado-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/home" "$scratch/data" "$scratch/config" "$scratch/cache" "$scratch/runtime"
chmod 700 "$scratch/runtime"

export ADO_KEYRING_OUTER_HOME="$HOME"
export HOME="$scratch/home"
export XDG_DATA_HOME="$scratch/data"
export XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache"
export XDG_RUNTIME_DIR="$scratch/runtime"
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DBUS_SESSION_BUS_PID DISPLAY WAYLAND_DISPLAY
export ADO_ACCOUNTS_KEYRING_SESSION=1

# dbus-run-session sets DBUS_SESSION_BUS_ADDRESS to its own bus and stops the bus (and with
# it the daemon) when the command ends. The daemon needs a line on stdin ("echo", not
# "printf ''") to create and unlock its login keyring with an empty password.
status=0
dbus-run-session -- sh -c '
    echo "" | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null || exit 126
    # Until it names its default keyring (asking the bus first, which activates nothing): the
    # keyring probe of ado-accounts can time out on a daemon still starting on a busy machine.
    i=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.GetNameOwner string:org.freedesktop.secrets >/dev/null 2>&1 &&
        dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
            org.freedesktop.Secret.Service.ReadAlias string:default 2>/dev/null | grep -q "path \"/org"; do
        i=$((i+1)); [ $i -gt 6000 ] && exit 125; sleep 0.01
    done
    if [ "${KEEP_HOME:-0}" = 1 ]; then HOME="$ADO_KEYRING_OUTER_HOME"; export HOME; fi
    exec "$@"' with-keyring "$@" || status=$?
exit "$status"
