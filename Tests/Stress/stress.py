#!/usr/bin/env python3
"""Stress test of ado-accounts: the full versions of the suite's reliability tests, with figures.

  concurrency  32 processes, each logging in and out 10 times against one config directory,
               on the file store, and on the Secret Service (a private gnome-keyring, through
               Tests/Scripts/with-keyring.sh): the end state must be exactly the expected one.
  crash        500 writers killed with SIGKILL at seeded random moments: every file is the old
               or the new version, 0600, readable by configparser (as az reads it), and the next
               run removes the temporary files a killed writer left.
  fuzz         the figures of a Tests/Fuzz/fuzz.sh run (its output, given with --fuzz-log), or a
               run of it (--fuzz-seconds).

Usage: Tests/Stress/stress.py [--binary PATH] [--workers 32] [--rounds 10] [--kills 500]
                              [--seed N] [--fuzz-log FILE ... | --fuzz-seconds N] [--skip-keyring]
Exit status 0 only when every check passed. The suite runs smaller versions of the same
checks (LoginLogoutStormTests, KeyringReliabilityTests, CrashSafetyTests, FuzzCorpusReplayTests).
"""

import argparse
import configparser
import json
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
USERNAME = "Personal Access Token"


class Failures:
    def __init__(self):
        self.lines = []
        self.lock = threading.Lock()

    def add(self, line):
        with self.lock:
            self.lines.append(line)


def run(binary, arguments, environment, stdin=None):
    return subprocess.run([binary] + arguments, input=stdin, env=environment, capture_output=True, timeout=120)


def base_environment(config_directory, store):
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.path.dirname(config_directory),
        "LANG": "C.UTF-8",
        "AZURE_DEVOPS_EXT_CONFIG_DIR": config_directory,
        "ADO_ACCOUNTS_STORE": store,
    }
    for name in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_DATA_HOME"):
        if store == "keyring" and name in os.environ:
            environment[name] = os.environ[name]
    return environment


def strays(directory):
    return [name for name in os.listdir(directory) if name.startswith(".") and ".ado-tmp-" in name]


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


# MARK: - Concurrency


def keyring_items():
    """{service: [secret, ...]} of az's username, in the session's default collection."""
    import secretstorage

    connection = secretstorage.dbus_init()
    collection = secretstorage.get_default_collection(connection)
    items = {}
    for item in collection.get_all_items():
        attributes = item.get_attributes()
        if attributes.get("username") == USERNAME:
            items.setdefault(attributes["service"], []).append(item.get_secret().decode())
    return items


def concurrency(binary, store, workers, rounds):
    work = tempfile.mkdtemp(prefix="ado-stress-")
    directory = os.path.join(work, "azuredevops")
    environment = base_environment(directory, store)
    failures = Failures()
    operations = [0]
    counter = threading.Lock()

    def organization(worker, round_):
        return f"https://dev.azure.com/stress-w{worker}-r{round_}"

    def token(worker, round_):
        return f"pat-w{worker}-r{round_}-" + "s" * 40

    def step(arguments, stdin=None):
        result = run(binary, arguments, environment, stdin)
        with counter:
            operations[0] += 1
        if result.returncode != 0:
            failures.add(f"{' '.join(arguments)} -> {result.returncode}: {result.stderr.decode(errors='replace').strip()}")
        return result

    def worker_loop(worker):
        for round_ in range(rounds):
            step(["login", "--org", organization(worker, round_), "--skip-verify"], (token(worker, round_) + "\n").encode())
            if round_ > 0:
                step(["logout", "--org", organization(worker, round_ - 1)])
            listed = step(["list", "--json"])
            if listed.returncode == 0:
                json.loads(listed.stdout)
        step(["login"], f"default-w{worker}\n".encode())

    started = time.monotonic()
    threads = [threading.Thread(target=worker_loop, args=(worker,)) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    last = {f"azdevops-cli:{organization(w, rounds - 1)}": token(w, rounds - 1) for w in range(workers)}
    defaults = {f"default-w{w}" for w in range(workers)}
    expected_keys = set(last) | {"azdevops-cli: default"}

    index = open(os.path.join(directory, "organization_list")).read().splitlines()
    if set(index) != expected_keys or len(index) != len(expected_keys):
        failures.add(f"organization_list is {sorted(index)}, expected {sorted(expected_keys)}")
    if store == "file":
        tokens = configparser.ConfigParser(interpolation=None)
        tokens.read(os.path.join(directory, "personalAccessTokens"))
        stored = {section: tokens.get(section, "personal access token") for section in tokens.sections()}
    else:
        items = keyring_items()
        duplicates = {service: secrets for service, secrets in items.items() if len(secrets) != 1}
        if duplicates:
            failures.add(f"keyring items not exactly one per key: {duplicates}")
        stored = {service: secrets[0] for service, secrets in items.items()}
        tokens_file = os.path.join(directory, "personalAccessTokens")
        if os.path.exists(tokens_file) and "personal access token" in open(tokens_file).read():
            failures.add("tokens fell back to the file")
    default_credential = stored.pop("azdevops-cli: default", None)
    if stored != last:
        failures.add(f"stored tokens differ: {len(stored)} stored, {len(last)} expected")
    if default_credential not in defaults:
        failures.add(f"the default credential is {default_credential!r}")
    listed = json.loads(run(binary, ["list", "--json"], environment).stdout)
    with_token = {account["key"] for account in listed["accounts"] if account["hasToken"]}
    if with_token != expected_keys:
        failures.add("list --json disagrees with the stores")
    default_organization = (listed.get("defaultOrganization") or {}).get("value")
    if default_organization and "azdevops-cli:" + default_organization not in last:
        failures.add(f"the default organization {default_organization} is not one still stored")
    for name in ("personalAccessTokens", "organization_list", "config"):
        path = os.path.join(directory, name)
        if os.path.exists(path) and mode(path) != 0o600:
            failures.add(f"{name} has mode {oct(mode(path))}")
    if strays(directory):
        failures.add(f"stray temporary files: {strays(directory)}")
    shutil.rmtree(work, ignore_errors=True)
    return {"store": store, "processes": workers, "rounds": rounds, "operations": operations[0],
            "seconds": round(elapsed, 1), "failures": failures.lines}


# MARK: - Crash safety


def state_files(directory):
    files = {}
    for name in os.listdir(directory):
        if name == "ado-accounts.lock" or ".ado-tmp-" in name:
            continue
        path = os.path.join(directory, name)
        if stat.S_ISREG(os.lstat(path).st_mode):
            files[name] = open(path, "rb").read()
    return files


def configparser_reads(directory):
    config = configparser.ConfigParser()
    config.read(os.path.join(directory, "config"))
    for section in config.sections():
        for option in config.options(section):
            config.get(section, option)
    tokens = configparser.ConfigParser(interpolation=None)
    tokens.read(os.path.join(directory, "personalAccessTokens"))
    for section in tokens.sections():
        tokens.get(section, "personal access token")


def crash(binary, kills, seed):
    work = tempfile.mkdtemp(prefix="ado-crash-")
    directory = os.path.join(work, "azuredevops")
    environment = base_environment(directory, "file")
    failures = []
    generator = random.Random(seed)
    for index in range(12):
        run(binary, ["login", "--org", f"https://dev.azure.com/org{index}", "--skip-verify"], environment,
            f"seed-{index}-{'x' * 52}\n".encode())
    landed = 0
    strays_seen = 0
    started = time.monotonic()
    for step in range(kills):
        organization = f"https://dev.azure.com/org{generator.randrange(12)}"
        token = f"v{step}-" + "abcdefghij" * 5
        kind = step % 6
        if kind in (0, 1):
            arguments, stdin = ["login", "--org", organization, "--skip-verify"], token + "\n"
        elif kind == 2:
            arguments, stdin = ["login"], token + "\n"
        elif kind == 3:
            arguments, stdin = ["logout", "--org", organization], ""
        elif kind == 4:
            arguments, stdin = ["configure", "--defaults", f"project=P{step} 100%"], ""
        else:
            arguments, stdin = ["use", organization], ""
        before = state_files(directory)

        copy = os.path.join(work, "reference")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(directory, copy)
        reference_environment = dict(environment, AZURE_DEVOPS_EXT_CONFIG_DIR=copy)
        clock = time.monotonic()
        run(binary, arguments, reference_environment, stdin.encode())
        duration = time.monotonic() - clock
        after = state_files(copy)

        child = subprocess.Popen([binary] + arguments, env=environment, stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        child.stdin.write(stdin.encode())
        child.stdin.close()
        time.sleep(generator.uniform(0, duration * 1.1))
        child.send_signal(signal.SIGKILL)
        if child.wait() == -signal.SIGKILL:
            landed += 1

        found = state_files(directory)
        for name in set(before) | set(after) | set(found):
            if found.get(name) not in (before.get(name), after.get(name)):
                failures.append(f"step {step} {arguments}: {name} is neither the old nor the new version")
            if name in found and mode(os.path.join(directory, name)) != 0o600:
                failures.append(f"step {step}: {name} has mode {oct(mode(os.path.join(directory, name)))}")
        try:
            configparser_reads(directory)
        except Exception as error:  # noqa: BLE001 - any parse error is a failure
            failures.append(f"step {step}: configparser cannot read the files: {error}")
        strays_seen += len(strays(directory))
        # The next run cleans up, even one that only reads.
        if run(binary, ["list"], environment).returncode != 0:
            failures.append(f"step {step}: list fails")
        if strays(directory):
            failures.append(f"step {step}: the next run did not remove {strays(directory)}")
    elapsed = time.monotonic() - started
    shutil.rmtree(work, ignore_errors=True)
    return {"kills": kills, "landed": landed, "strays": strays_seen, "seconds": round(elapsed, 1), "failures": failures}


# MARK: - Fuzzing figures


FUZZ_LINE = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(ok|FAILED.*)$")


def fuzz_figures(logs):
    rows = []
    for log in logs:
        for line in open(log):
            match = FUZZ_LINE.match(line.strip())
            if match and match.group(1) != "target":
                rows.append({"target": match.group(1), "seconds": int(match.group(2)), "executions": int(match.group(3)),
                             "corpus": int(match.group(4)), "ok": match.group(5) == "ok"})
    return rows


# MARK: - Main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary")
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0xAD05EED)
    parser.add_argument("--fuzz-log", action="append", default=[])
    parser.add_argument("--fuzz-seconds", type=int, default=0)
    parser.add_argument("--skip-keyring", action="store_true")
    parser.add_argument("--keyring-only", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()

    binary = arguments.binary
    if not binary:
        for candidate in (".build/release/ado-accounts", ".build/debug/ado-accounts"):
            if os.access(os.path.join(ROOT, candidate), os.X_OK):
                binary = os.path.join(ROOT, candidate)
                break
    if not binary:
        sys.exit("stress.py: build ado-accounts first (make build), or give --binary")
    binary = os.path.abspath(binary)

    if arguments.keyring_only:
        print(json.dumps(concurrency(binary, "keyring", arguments.workers, arguments.rounds)))
        return 0

    results = {"binary": binary}
    print(f"concurrency, file store: {arguments.workers} processes x {arguments.rounds} rounds ...", flush=True)
    results["file"] = concurrency(binary, "file", arguments.workers, arguments.rounds)
    if not arguments.skip_keyring:
        print(f"concurrency, Secret Service: {arguments.workers} processes x {arguments.rounds} rounds ...", flush=True)
        venv_python = os.environ.get("ADO_ACCOUNTS_TEST_PYTHON") or subprocess.run(
            [os.path.join(ROOT, "Tests/Scripts/python-keyring.sh")], capture_output=True, text=True, check=True).stdout.strip()
        inner = subprocess.run(
            [os.path.join(ROOT, "Tests/Scripts/with-keyring.sh"), venv_python, os.path.abspath(__file__), "--keyring-only",
             "--binary", binary, "--workers", str(arguments.workers), "--rounds", str(arguments.rounds)],
            capture_output=True, text=True)
        try:
            results["keyring"] = json.loads(inner.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            results["keyring"] = {"store": "keyring", "operations": 0, "processes": arguments.workers,
                                  "rounds": arguments.rounds, "seconds": 0,
                                  "failures": [f"the keyring run failed: {inner.stderr.strip()[-500:]}"]}
    print(f"crash safety: {arguments.kills} SIGKILLs ...", flush=True)
    results["crash"] = crash(binary, arguments.kills, arguments.seed)

    logs = list(arguments.fuzz_log)
    if arguments.fuzz_seconds:
        log = os.path.join(tempfile.mkdtemp(prefix="ado-fuzz-"), "fuzz.out")
        with open(log, "w") as output:
            subprocess.run([os.path.join(ROOT, "Tests/Fuzz/fuzz.sh"), str(arguments.fuzz_seconds)], stdout=output, stderr=subprocess.STDOUT)
        logs.append(log)
    results["fuzz"] = fuzz_figures(logs)

    failures = 0
    print()
    print(f"binary: {binary}")
    print(f"{'scenario':<34} {'processes':>9} {'operations':>10} {'seconds':>8} {'failures':>8}")
    for key in ("file", "keyring"):
        if key in results:
            result = results[key]
            label = f"concurrency ({'file store' if key == 'file' else 'Secret Service'})"
            print(f"{label:<34} {result['processes']:>9} {result['operations']:>10} {result['seconds']:>8} {len(result['failures']):>8}")
            failures += len(result["failures"])
    crash_result = results["crash"]
    print(f"{'crash safety (SIGKILL)':<34} {'':>9} {crash_result['kills']:>10} {crash_result['seconds']:>8} {len(crash_result['failures']):>8}")
    print(f"  kills that landed before the writer ended: {crash_result['landed']}; "
          f"temporary files left by killed writers and removed by the next run: {crash_result['strays']}")
    failures += len(crash_result["failures"])
    if results["fuzz"]:
        print(f"{'fuzz target':<34} {'seconds':>9} {'executions':>12} {'corpus':>8} {'failures':>8}")
        for row in results["fuzz"]:
            print(f"{row['target']:<34} {row['seconds']:>9} {row['executions']:>12} {row['corpus']:>8} {0 if row['ok'] else 1:>8}")
            failures += 0 if row["ok"] else 1
        print(f"{'fuzz total':<34} {'':>9} {sum(row['executions'] for row in results['fuzz']):>12}")
    print(f"failures: {failures}")
    for key in ("file", "keyring", "crash"):
        for line in results.get(key, {}).get("failures", [])[:20]:
            print(f"  {key}: {line}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
