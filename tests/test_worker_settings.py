"""`onrecord worker` and the job settings: parsed once, refused with a one-line reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings, SettingsError
from tests.test_cli_startup import run_probe

ONRECORD = str(Path(sys.executable).parent / "onrecord")


def test_job_settings_have_defaults_and_read_the_environment() -> None:
    default = Settings.from_env({})
    assert (default.worker_threads, default.job_max_attempts) == (2, 5)
    assert (default.job_lease_seconds, default.job_retry_seconds) == (60.0, 10.0)
    assert default.job_retry_max_seconds == 600.0 and default.worker_poll_seconds == 1.0
    given = Settings.from_env(
        {
            "ONRECORD_WORKER_THREADS": "4",
            "ONRECORD_JOB_MAX_ATTEMPTS": "3",
            "ONRECORD_JOB_LEASE_SECONDS": "2.5",
            "ONRECORD_JOB_RETRY_SECONDS": "0.5",
            "ONRECORD_JOB_RETRY_MAX_SECONDS": "30",
            "ONRECORD_WORKER_POLL_SECONDS": "0.2",
            "ONRECORD_WORKER_STOP_SECONDS": "9",
        }
    )
    assert (given.worker_threads, given.job_max_attempts, given.job_lease_seconds) == (4, 3, 2.5)
    assert (given.job_retry_seconds, given.job_retry_max_seconds) == (0.5, 30.0)
    assert (given.worker_poll_seconds, given.worker_stop_seconds) == (0.2, 9.0)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ONRECORD_WORKER_THREADS", "0"),
        ("ONRECORD_JOB_MAX_ATTEMPTS", "many"),
        ("ONRECORD_JOB_LEASE_SECONDS", "-1"),
        ("ONRECORD_WORKER_POLL_SECONDS", "nan"),
        ("ONRECORD_JOB_RETRY_MAX_SECONDS", "1"),  # below the 10 s first retry
    ],
)
def test_a_bad_job_setting_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        Settings.from_env({variable: value})


def test_worker_help_loads_no_language_model_or_slack(tmp_path: Path) -> None:
    report = run_probe(["worker", "--help"], tmp_path)
    assert report["exit"] == 0 and "--threads" in str(report["output"])
    assert report["heavy"] == []
    report = run_probe(["serve", "--help"], tmp_path)
    assert report["exit"] == 0 and "--no-worker" in str(report["output"])
    assert report["heavy"] == []


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"),
        ({"ONRECORD_WORKER_THREADS": "0"}, "ONRECORD_WORKER_THREADS must be"),
    ],
)
def test_worker_refuses_bad_settings_with_one_line(
    env: dict[str, str], reason: str, tmp_path: Path
) -> None:
    completed = subprocess.run(
        [ONRECORD, "worker"],
        env={
            **os.environ,
            "ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite'}",
            "SLACK_BOT_TOKEN": "xoxb-test",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stderr.count("\n") == 1 and reason in completed.stderr
