"""requirements.lock: every package `make install` puts in .venv, pinned, from pyproject.toml.

    python scripts/lock.py write [--upgrade]   # regenerate it with pip-compile (`make lock`)
    python scripts/lock.py check               # exit 1 when it is stale (`make lock-check`)

The lock covers the run-time dependencies and the `dev` extra (never `train`: no torch). Its
first line records a sha256 of what it was compiled from (requires-python, `dependencies` and
the `dev` extra), so `check` needs neither the network nor pip-tools.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
HASH_PREFIX = "# pyproject-sha256: "
LOCKED_EXTRAS = ("dev",)


def dependency_hash(pyproject: Path = PYPROJECT) -> str:
    """sha256 of the dependency tables the lock is compiled from (order and layout kept)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    tables = {
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "extras": {name: project["optional-dependencies"][name] for name in LOCKED_EXTRAS},
    }
    canonical = json.dumps(tables, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def recorded_hash(lock: Path = LOCK) -> str | None:
    if not lock.exists():
        return None
    first = lock.read_text(encoding="utf-8").partition("\n")[0]
    return first.removeprefix(HASH_PREFIX) if first.startswith(HASH_PREFIX) else None


def pip_compile_command(upgrade: bool) -> list[str]:
    extras = [arg for name in LOCKED_EXTRAS for arg in ("--extra", name)]
    return [
        sys.executable,
        "-m",
        "piptools",
        "compile",
        "--quiet",
        "--strip-extras",
        "--allow-unsafe",
        "--no-emit-index-url",
        "--no-emit-find-links",
        "--no-emit-trusted-host",
        "--output-file",
        str(LOCK.relative_to(ROOT)),
        *extras,
        *(["--upgrade"] if upgrade else []),
        str(PYPROJECT.relative_to(ROOT)),
    ]


def write(upgrade: bool) -> int:
    """Compile the lock with pip-compile, then stamp it with the dependency hash."""
    subprocess.run(pip_compile_command(upgrade), cwd=ROOT, check=True)
    body = LOCK.read_text(encoding="utf-8")
    if body.startswith(HASH_PREFIX):
        body = body.partition("\n")[2]
    LOCK.write_text(f"{HASH_PREFIX}{dependency_hash()}\n{body}", encoding="utf-8")
    print(f"wrote {LOCK.name}")
    return 0


def check() -> int:
    """0 when the lock was compiled from pyproject.toml's current dependency tables."""
    recorded = recorded_hash()
    if recorded is None:
        print(f"{LOCK.name} is missing or has no hash line: run `make lock`", file=sys.stderr)
        return 1
    if recorded != dependency_hash():
        print(
            f"{LOCK.name} is stale: pyproject.toml's dependencies changed since it was "
            "compiled. Run `make lock` and commit requirements.lock.",
            file=sys.stderr,
        )
        return 1
    print(f"{LOCK.name} matches pyproject.toml")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["write"]:
        return write(upgrade="--upgrade" in argv[1:])
    if argv == ["check"]:
        return check()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
