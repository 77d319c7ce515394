#!/bin/sh
# Makes (once) a virtual environment with the real python-keyring and SecretStorage from PyPI,
# the library az devops stores PATs with, and prints the path of its python. The environment
# lives in .build-venv/ (ignored by git, like the other .build-* folders).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/.build-venv"
if ! "$venv/bin/python" -c 'import keyring, secretstorage' >/dev/null 2>&1; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check keyring secretstorage >&2
fi
echo "$venv/bin/python"
