#!/usr/bin/env python3
"""Times ado-accounts commands: median wall time and peak memory (max RSS) over repeated runs.

Usage: bench.py BINARY [--runs N]    (make bench builds the release binary and runs this)

Each scenario gets its own throw-away config directory on the file store. Nothing here is a
test: it prints figures to compare with the targets in the README.
"""
import argparse
import os
import shutil
import statistics
import tempfile
import time


def populate(directory, count):
    os.makedirs(directory, mode=0o700, exist_ok=True)
    keys = [f"azdevops-cli:https://dev.azure.com/org{i:05d}" for i in range(count)]
    with open(os.path.join(directory, "personalAccessTokens"), "w") as f:
        for key in keys:
            f.write(f"[{key}]\npersonal access token = {'x' * 52}\n\n")
    with open(os.path.join(directory, "organization_list"), "w") as f:
        f.writelines(key + "\n" for key in keys)
    with open(os.path.join(directory, "config"), "w") as f:
        f.write("[defaults]\norganization = https://dev.azure.com/org00000\n\n")
    for name in os.listdir(directory):
        os.chmod(os.path.join(directory, name), 0o600)


def measure(argv, env, runs):
    walls, rss = [], []
    devnull = os.open(os.devnull, os.O_RDWR)
    for _ in range(runs):
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, usage = os.wait4(pid, 0)
        walls.append(time.perf_counter() - start)
        rss.append(usage.ru_maxrss)  # KiB on Linux
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(argv)} failed with status {os.waitstatus_to_exitcode(status)}")
    os.close(devnull)
    return statistics.median(walls) * 1000, max(rss) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--sizes", default="1,100,10000")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    root = tempfile.mkdtemp(prefix="ado-bench-")
    try:
        print(f"{'command':<34}{'orgs':>7}{'median ms':>12}{'peak MB':>10}")
        for size in [int(s) for s in args.sizes.split(",")]:
            directory = os.path.join(root, f"cfg{size}")
            populate(directory, size)
            env = {"PATH": "/usr/bin:/bin", "HOME": root, "AZURE_DEVOPS_EXT_CONFIG_DIR": directory,
                   "ADO_ACCOUNTS_STORE": "file", "LANG": "C.UTF-8"}
            for command in (["list"], ["list", "--json"], ["token"]):
                runs = args.runs if size <= 1000 else max(10, args.runs // 5)
                wall, peak = measure([binary] + command, env, runs)
                print(f"{'ado-accounts ' + ' '.join(command):<34}{size:>7}{wall:>12.2f}{peak:>10.1f}")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
