"""How long the command line takes to answer (target: `onrecord --help` under 1 s).

    python benchmarks/cli_startup.py [--runs 5]

Times, in fresh processes, `python -c pass` (the interpreter alone, the baseline measured in
the same run), `onrecord --help`, an argument error, `onrecord db upgrade` and
`onrecord history` on a scratch SQLite history, and prints the median and best of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ONRECORD = Path(sys.executable).with_name("onrecord")


def wall_time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measured_commands() -> list[tuple[str, list[str]]]:
    cli = [str(ONRECORD)]
    return [
        ("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
        ("onrecord --help", [*cli, "--help"]),
        ("onrecord ingest --date bad (argument error)", [*cli, "ingest", "--date", "bad", "x"]),
        ("onrecord db upgrade", [*cli, "db", "upgrade"]),
        ("onrecord history Nobody", [*cli, "history", "Nobody"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="onrecord-startup-") as scratch:
        env = {**os.environ, "ONRECORD_DATABASE_URL": f"sqlite:///{Path(scratch) / 'h.sqlite'}"}
        wall_time([str(ONRECORD), "db", "upgrade"], env)  # create the history once, untimed
        print(f"{'command':46} {'median':>8} {'best':>8}")
        for label, command in measured_commands():
            times = [wall_time(command, env) for _ in range(args.runs)]
            print(f"{label:46} {statistics.median(times):7.3f}s {min(times):7.3f}s")


if __name__ == "__main__":
    main()
