"""The light commands answer without loading spaCy, the ONNX models or the Slack stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY_MODULES = ("spacy", "onnxruntime", "slack_bolt", "slack_sdk", "apscheduler", "trafilatura")
# What `--help` and argument errors need not load either: the store and the pipeline.
STORE_MODULES = ("sqlalchemy", "alembic", "numpy", "bot.pipeline", "store.db")

# Runs in a fresh interpreter: invoke one command, then report which heavy modules it loaded.
PROBE = """
import json, sys
from click.testing import CliRunner
from bot.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print(json.dumps({{"exit": result.exit_code, "heavy": heavy, "output": result.output}}))
"""


def run_probe(
    args: list[str], tmp_path: Path, modules: tuple[str, ...] = HEAVY_MODULES
) -> dict[str, object]:
    env = {
        **os.environ,
        "ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'light.sqlite'}",
        "ONRECORD_DIGEST_CHANNEL": "",
    }
    completed = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=modules), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        (["--help"], 0),
        (["extract"], 2),  # an argument error: no FILE given
        (["ingest", "--date", "not-a-date", "article.txt"], 2),
        (["db", "upgrade"], 0),
        (["history", "Nobody Known"], 2),
        (["review"], 0),
        (["digest", "--preview"], 0),
        (["people", "list"], 0),
        (["people", "merge", "Nobody Known", "Nobody Else"], 2),  # fails before the models
        (["people", "not-a-person", "Nobody Known"], 2),
    ],
)
def test_light_commands_load_no_language_model_or_slack(
    args: list[str], exit_code: int, tmp_path: Path
) -> None:
    report = run_probe(args, tmp_path)
    assert report["exit"] == exit_code, report["output"]
    assert report["heavy"] == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["people", "--help"], ["ingest", "--date", "not-a-date", "article.txt"]],
)
def test_help_and_argument_errors_load_no_store(args: list[str], tmp_path: Path) -> None:
    report = run_probe(args, tmp_path, HEAVY_MODULES + STORE_MODULES)
    assert report["heavy"] == []
