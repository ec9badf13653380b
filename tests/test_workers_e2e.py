"""Web and workers as separate processes on one PostgreSQL: a worker killed mid-job loses nothing.

`onrecord serve --http --no-worker` answers a signed slash command (the job is a row before
the ack); two `onrecord worker` processes compete for it. The one that claims it is killed
with SIGKILL while the job is under way (fetching the article); once its lease runs out the
other worker claims the job and finishes it: exactly one summary reaches the fake Slack.
SIGTERM then stops the survivor and the web process cleanly (exit 0).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session

from bot.slack.commands import READING_TEXT
from store.db import normalize_url
from store.models import Article, Job, JobStatus
from tests.fake_slack import TEAM_ID, FakeSlack, serve_fake_slack
from tests.http_fixtures import PageServer, Route, page_server  # noqa: F401  (fixture)
from tests.slack.articles import LATER_TAXES_PAGE
from tests.slack.conftest import CHANNEL, SIGNING_SECRET, USER, signed_headers

LEASE_SECONDS = 3
FETCH_DELAY = 4.0  # the page answers slowly: the job is under way long enough to be killed
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(found: Callable[[], T | None], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Processes:
    """The subprocesses of one test, their logs in files; all killed at the end."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        onrecord = str(Path(sys.executable).parent / "onrecord")
        log = (self.logs / f"{name}.log").open("wb")
        proc = subprocess.Popen([onrecord, *args], env=self.env, stdout=log, stderr=log)
        self.running.append(proc)
        return proc

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def kill_all(self) -> None:
        for proc in self.running:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    procs = Processes({}, tmp_path)
    try:
        yield procs
    finally:
        procs.kill_all()


def command_form(fake: FakeSlack, text: str) -> str:
    return urlencode(
        {
            "team_id": TEAM_ID,
            "team_domain": "fake",
            "channel_id": CHANNEL,
            "channel_name": "news",
            "user_id": USER,
            "user_name": "reporter",
            "command": "/onrecord",
            "text": text,
            "api_app_id": "AFAKE",
            "response_url": fake.response_url("e2e"),
            "trigger_id": "trigger.e2e",
        }
    )


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_worker_killed_mid_job_loses_nothing(
    db_url: str,
    page_server: PageServer,  # noqa: F811  (the fixture imported above)
    processes: Processes,
) -> None:
    page_server.routes["/slow-article"] = Route(
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=LATER_TAXES_PAGE.encode("utf-8"),
        delay=FETCH_DELAY,
    )
    engine = create_engine(normalize_url(db_url))
    with serve_fake_slack() as fake:
        base, web, workers = start_desk(processes, fake, db_url)

        body = command_form(fake, page_server.url("/slow-article"))
        answer = httpx.post(
            f"{base}/slack/events",
            content=body,
            headers=signed_headers(body, "application/x-www-form-urlencoded"),
            timeout=10,
        )
        assert answer.status_code == 200 and answer.text == READING_TEXT

        # the job is a row; find who holds it and kill that process while it fetches
        holder = wait_until(lambda: _holder(engine), 30, "a worker to claim the job")
        wait_until(lambda: page_server.requests, 30, "the worker to start fetching")
        pid = int(holder.split(":")[1])
        victim = next(name for name, proc in workers.items() if proc.pid == pid)
        workers[victim].send_signal(signal.SIGKILL)
        workers[victim].wait(10)
        survivor = next(name for name in workers if name != victim)

        summaries = fake.wait_for("chat.postMessage", 1, timeout=120)
        job = wait_until(lambda: _finished(engine), 60, "the job to be finished")
        time.sleep(LEASE_SECONDS + 1)  # nothing else turns up late
        assert len(fake.calls_to("chat.postMessage")) == 1
        assert str(summaries[0].body["text"]).startswith("Filed 1 statement from Finance")
        assert len(page_server.requests) == 2  # the killed worker's fetch, then the survivor's
        assert _articles(engine) == 1
        assert job.status == JobStatus.DONE and job.attempts == 2
        assert f"job {job.id} (file) attempt 2" in processes.log(survivor)
        assert "attempt 1" in processes.log(victim)

        # SIGTERM: the survivor and the web process stop cleanly
        workers[survivor].send_signal(signal.SIGTERM)
        assert workers[survivor].wait(30) == 0
        web.send_signal(signal.SIGTERM)
        assert web.wait(30) == 0
    engine.dispose()


def start_desk(
    processes: Processes, fake: FakeSlack, db_url: str
) -> tuple[str, subprocess.Popen[bytes], dict[str, subprocess.Popen[bytes]]]:
    """`serve --http --no-worker` and two one-thread workers, ready: (web URL, web, workers)."""
    port = free_port()
    processes.env = {
        **os.environ,
        "ONRECORD_DATABASE_URL": db_url,
        "ONRECORD_TEAM_ID": TEAM_ID,
        "ONRECORD_ALLOW_LOCAL_FETCH": "true",
        "ONRECORD_DIGEST_CHANNEL": "",
        "ONRECORD_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "ONRECORD_WORKER_POLL_SECONDS": "0.2",
        "ONRECORD_WORKER_STOP_SECONDS": "5",
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": fake.api_url,
    }
    web = processes.start("web", "serve", "--http", "--no-worker", "--port", str(port))
    workers = {
        f"worker{n}": processes.start(f"worker{n}", "worker", "--threads", "1") for n in (1, 2)
    }
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: _healthy(base), 120, "the web process")
    for name in workers:
        wait_until(lambda n=name: "worker running" in processes.log(n), 180, name)
    return base, web, workers


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _holder(engine: Engine) -> str | None:
    with Session(engine) as s:
        row = s.scalars(select(Job).where(Job.status == JobStatus.RUNNING)).first()
        return row.locked_by if row is not None else None


def _finished(engine: Engine) -> Job | None:
    with Session(engine, expire_on_commit=False) as s:
        return s.scalars(select(Job).where(Job.status == JobStatus.DONE)).first()


def _articles(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(Article)) or 0)
