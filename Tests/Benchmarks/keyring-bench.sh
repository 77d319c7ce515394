#!/bin/sh
# Prints how long `ado-accounts list` takes with 100 organizations in the keyring (target: under
# 20 ms; no secret is fetched) and with 100 in the file store without a session bus (the
# keyring is then never loaded). Runs its own throw-away gnome-keyring (with-keyring.sh).
#
#   Tests/Benchmarks/keyring-bench.sh [path/to/ado-accounts]
#
# Needs hyperfine and python3 with keyring (Tests/Scripts/python-keyring.sh makes the venv).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
binary=${1:-"$root/.build/release/ado-accounts"}
python=$("$root/Tests/Scripts/python-keyring.sh")
[ -x "$binary" ] || { echo "$0: build first: swift build -c release (or pass the binary)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "$0: hyperfine is missing (apt-get install hyperfine)" >&2; exit 2; }

exec "$root/Tests/Scripts/with-keyring.sh" sh -s "$binary" "$python" <<'SCRIPT'
set -eu
binary=$1 python=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/keyring" "$work/file"

# 100 items as python-keyring (and so az) writes them; 100 sections in the file.
"$python" - "$work/keyring" "$work/file" <<'PY'
import sys, keyring
keyring_dir, file_dir = sys.argv[1], sys.argv[2]
with open(keyring_dir + "/organization_list", "w") as index, open(file_dir + "/personalAccessTokens", "w") as tokens:
    for i in range(100):
        key = "azdevops-cli:https://dev.azure.com/bench%03d" % i
        keyring.set_password(key, "Personal Access Token", "token%03d" % i)
        index.write(key + "\n")
        tokens.write("[%s]\npersonal access token = token%03d\n\n" % (key, i))
PY
cp "$work/keyring/organization_list" "$work/file/organization_list"
chmod 600 "$work"/*/*

rows=$(AZURE_DEVOPS_EXT_CONFIG_DIR="$work/keyring" "$binary" list | grep -c keyring)
echo "keyring rows listed: $rows"
AZURE_DEVOPS_EXT_CONFIG_DIR="$work/keyring" hyperfine -N -w 5 -r 50 --style basic \
    -n "list, 100 keyring items (target < 20 ms)" "$binary list"
env -u DBUS_SESSION_BUS_ADDRESS AZURE_DEVOPS_EXT_CONFIG_DIR="$work/file" hyperfine -N -w 5 -r 100 --style basic \
    -n "list, 100 file organizations, no session bus" "$binary list"
AZURE_DEVOPS_EXT_CONFIG_DIR="$work/file" hyperfine -N -w 5 -r 100 --style basic \
    -n "list --store file, 100 file organizations, keyring answering" "$binary list --store file"
SCRIPT
