"""The Bolt app: one factory wires settings, the NLP model and the store into the listeners.

`build_app` builds the `slack_bolt.App` (no module globals); `serve` runs it in Socket Mode
when SLACK_APP_TOKEN is set, else over HTTP at /slack/events with waitress (`bot.slack.http`:
each request's signature is verified before its body is parsed), with the daily digest
scheduled in-process. Listeners store durable jobs; `serve` runs worker threads for them
unless told not to, and `run_worker` is a process that only runs jobs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import threading
from collections.abc import Callable
from datetime import datetime

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.durable import DurableQueue, WorkConfig, Worker
from bot.jobs import Job
from bot.nlp.model import JudgingModels, load_judging_models
from bot.slack import actions, commands, digest, events, workspace
from bot.slack.deps import Deps, utc_now
from bot.slack.http import EVENTS_PATH, HttpLimits, HttpServer, SlackGuard
from bot.slack.work import attempt_job, tell_parked

logger = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 2
APPS_PAGE = "api.slack.com/apps"


class SlackSetupError(ValueError):
    """The Slack settings cannot work; the one-line message names the variable and the fix."""


def check_slack_settings(settings: Settings, *, socket_mode: bool) -> None:
    """Fail fast, naming the missing or malformed variable and where to get it."""
    if not settings.slack_bot_token:
        raise SlackSetupError(
            f"SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from "
            f"{APPS_PAGE} → your app → OAuth & Permissions"
        )
    if socket_mode and not settings.slack_app_token:
        raise SlackSetupError(
            f"SLACK_APP_TOKEN is not set: create an app-level token (xapp-…) with the "
            f"connections:write scope at {APPS_PAGE} → your app → Basic Information"
        )
    if not socket_mode and not re.fullmatch(r"[0-9a-fA-F]{16,}", settings.slack_signing_secret):
        state = "is not set" if not settings.slack_signing_secret else "is malformed"
        raise SlackSetupError(
            f"SLACK_SIGNING_SECRET {state}: copy the Signing Secret (hex digits) from "
            f"{APPS_PAGE} → your app → Basic Information → App Credentials"
        )


def api_base_url(settings: Settings) -> str | None:
    url = settings.slack_api_url.strip()
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def make_client(settings: Settings) -> WebClient:
    """A Web API client for SLACK_API_URL (or Slack's), retrying HTTP 429 after Retry-After."""
    base_url = api_base_url(settings)
    client = (
        WebClient(token=settings.slack_bot_token, base_url=base_url)
        if base_url
        else WebClient(token=settings.slack_bot_token)
    )
    install_rate_limit_retries(client)
    return client


def install_rate_limit_retries(client: WebClient) -> None:
    if not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))


# the Web API client to answer a workspace with
ClientsFor = Callable[[str], WebClient]


def clients_for(settings: Settings, sessions: sessionmaker[Session]) -> ClientsFor:
    """A client per workspace (team id). Today every workspace is answered with the bot token
    of the settings; `sessions` is where per-workspace installations will be looked up."""
    client = make_client(settings)
    return lambda _team_id: client


def make_deps(
    settings: Settings,
    nlp: Language,
    sessions: sessionmaker[Session],
    *,
    judging: JudgingModels | None = None,
) -> Deps:
    return Deps(
        settings=settings,
        nlp=nlp,
        sessions=sessions,
        jobs=DurableQueue(sessions),
        judging=judging,
    )


def start_worker(deps: Deps, clients: ClientsFor, worker: Worker) -> Worker:
    """Run durable jobs on `worker`'s threads, woken at once by jobs queued in this process."""

    def run(job: Job) -> str | None:
        return attempt_job(deps, clients(job.team_id), job)

    def give_up(job: Job) -> None:
        tell_parked(clients(job.team_id), job)

    worker.start(deps.sessions, run, give_up, WorkConfig.from_settings(deps.settings))
    if isinstance(deps.jobs, DurableQueue):
        deps.jobs.on_enqueue(worker.wake)
    return worker


def build_app(
    settings: Settings,
    nlp: Language,
    session_factory: sessionmaker[Session],
    *,
    client: WebClient | None = None,
    worker: Worker | None = None,
    judging: JudgingModels | None = None,
    clients: ClientsFor | None = None,
) -> App:
    """The Bolt app with every listener registered (auth.test is called once, by Bolt).

    Listeners store durable jobs; with a `worker` this process also runs them (started
    here, answering each workspace with `clients`, by default `client`), without one it only
    answers requests (`onrecord worker` processes do the rest).
    Without `judging` models contradictions are found by the rules alone (tests of the
    Slack mechanics); `serve` always passes them to a process that runs jobs.
    """
    web = client or make_client(settings)
    install_rate_limit_retries(web)
    deps = make_deps(settings, nlp, session_factory, judging=judging)
    app = bolt_app(settings, web)
    quiet_request_bodies()
    app.use(workspace.require_team)
    for module in (commands, events, actions):
        module.register(app, deps)
    if worker is not None:
        start_worker(deps, clients or (lambda _team_id: web), worker)
    return app


def bolt_app(settings: Settings, web: WebClient) -> App:
    try:
        return App(
            client=web,
            signing_secret=settings.slack_signing_secret or None,
            # listeners only ack and queue a job, so answering after they return
            # costs nothing and means a request is answered once its work is queued
            process_before_response=True,
            logger=logging.getLogger("bot.slack.bolt"),
        )
    except BoltError as exc:
        raise SlackSetupError(
            f"SLACK_BOT_TOKEN was refused by Slack ({exc}); copy the Bot User OAuth Token "
            f"from {APPS_PAGE} → your app → OAuth & Permissions"
        ) from exc
    except OSError as exc:  # urllib's URLError included: Slack (or SLACK_API_URL) unreachable
        raise SlackSetupError(
            f"cannot reach the Slack API at {web.base_url} ({exc}); check the network, or "
            f"SLACK_API_URL if you set it"
        ) from exc


def quiet_request_bodies() -> None:
    """Bolt logs every refused signature with the whole request body at INFO: not ours.

    `SlackGuard` refuses unsigned requests before Bolt sees them; this keeps the body out of
    the log in any other path too. The logger has no other message (refusals answer 401).
    """
    logging.getLogger("slack_bolt.RequestVerification").setLevel(logging.WARNING)


# --------------------------------------------------------------------------- HTTP mode


def http_server(
    app: App, signing_secret: str, host: str, port: int, limits: HttpLimits | None = None
) -> HttpServer:
    """waitress serving the Bolt app at `EVENTS_PATH` and `/healthz` (port 0: any free port)."""
    limits = limits or HttpLimits()
    guard = SlackGuard(app, signing_secret, max_body_bytes=limits.max_body_bytes)
    return HttpServer(guard, host, port, limits)


# --------------------------------------------------------------------------- running


def digest_job(
    client: WebClient,
    queue: DurableQueue,
    settings: Settings,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    """The scheduled job: find the workspace from the bot token, then queue the digest job
    (once per day per channel, however many processes fire)."""
    try:
        team_id = str(client.auth_test()["team_id"] or settings.team_id)
        digest.queue_digest(queue, settings, team_id=team_id, now=clock())
    except Exception:
        logger.exception("the daily digest could not be queued")


def serve(
    settings: Settings,
    nlp: Language,
    session_factory: sessionmaker[Session],
    *,
    http: bool,
    port: int,
    host: str = "0.0.0.0",
    run_jobs: bool = True,
) -> None:
    """Run the bot until stopped: Socket Mode if SLACK_APP_TOKEN is set and not `http`;
    with `run_jobs` (the default) this process also runs the durable jobs."""
    socket_mode = bool(settings.slack_app_token) and not http
    check_slack_settings(settings, socket_mode=socket_mode)
    client = make_client(settings)
    worker = Worker(settings.worker_threads) if run_jobs else None
    judging = load_judging_models() if run_jobs else None
    app = build_app(settings, nlp, session_factory, client=client, worker=worker, judging=judging)
    scheduler = None
    if settings.digest_channel:
        queue = DurableQueue(session_factory)
        if worker is not None:
            queue.on_enqueue(worker.wake)
        scheduler = digest.start_scheduler(settings, lambda: digest_job(client, queue, settings))
    try:
        if socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            logger.info("On Record connecting to Slack in Socket Mode")
            SocketModeHandler(app, settings.slack_app_token).start()  # type: ignore[no-untyped-call]
        else:
            server = http_server(app, settings.slack_signing_secret, host, port)
            logger.info("On Record listening on http://%s:%d%s", host, server.port, EVENTS_PATH)
            serve_until_stopped(server)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        if worker is not None:
            worker.stop()


def serve_until_stopped(server: HttpServer) -> None:
    """Serve in this thread until Ctrl-C or SIGTERM (what a platform sends to stop a dyno)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda _signum, _frame: server.stop())
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    logger.info("On Record stopped serving HTTP")


def run_worker(
    settings: Settings, nlp: Language, session_factory: sessionmaker[Session], *, threads: int
) -> None:
    """Run durable jobs until SIGTERM or Ctrl-C: then stop claiming, let the jobs under way
    finish (up to ONRECORD_WORKER_STOP_SECONDS), hand back the rest, and return."""
    if not settings.slack_bot_token:
        raise SlackSetupError(
            f"SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from "
            f"{APPS_PAGE} → your app → OAuth & Permissions"
        )
    deps = make_deps(settings, nlp, session_factory, judging=load_judging_models())
    worker = start_worker(deps, clients_for(settings, session_factory), Worker(threads))
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    logger.info("On Record worker running %d thread(s) (pid %d)", threads, os.getpid())
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    logger.info("On Record worker stopping")
    worker.stop()
    logger.info("On Record worker stopped")
