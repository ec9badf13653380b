"""The Bolt app: one factory wires settings, the NLP model and the store into the listeners.

`build_app` builds the `slack_bolt.App` (no module globals); `serve` runs it in Socket Mode
(SLACK_APP_TOKEN), or with `--http` over HTTP at /slack/events with waitress (`bot.slack.http`:
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
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.durable import DurableQueue, WorkConfig, Worker
from bot.jobs import Job
from bot.nlp.model import JudgingModels, load_judging_models
from bot.slack import (
    actions,
    commands,
    digest,
    events,
    history_actions,
    home,
    installs,
    people,
    shortcuts,
    sweep,
    workspace,
)
from bot.slack.clients import (
    ClientsFor,
    NotInstalledError,
    clients_for,
    install_rate_limit_retries,
    make_client,
)
from bot.slack.deps import Deps, utc_now
from bot.slack.http import EVENTS_PATH, HttpLimits, HttpServer, SlackGuard
from bot.slack.oauth import INSTALL_PATH, NOT_INSTALLED_TEXT, engine_of, oauth_settings
from bot.slack.requests import LoggedApp
from bot.slack.work import attempt_job, tell, tell_parked

logger = logging.getLogger(__name__)

APPS_PAGE = "api.slack.com/apps"


class SlackSetupError(ValueError):
    """The Slack settings cannot work; the one-line message names the variable and the fix."""


SOCKET_MODE_NEEDS = "Socket Mode (`onrecord serve`) needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN"
HTTP_MODE_NEEDS = (
    "HTTP mode (`onrecord serve --http`) needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"
)


def check_slack_settings(settings: Settings, *, socket_mode: bool) -> None:
    """Fail fast, naming the missing or malformed variable, where to get it, and what the
    chosen mode needs: Socket Mode (the default) a bot and an app-level token; HTTP mode
    (`--http`) a bot token and the signing secret; several workspaces (OAuth) a client id
    and secret instead of the bot token."""
    needs = SOCKET_MODE_NEEDS if socket_mode else HTTP_MODE_NEEDS
    if settings.slack_client_id or settings.slack_client_secret:
        check_install_settings(settings, socket_mode=socket_mode)
    elif not settings.slack_bot_token:
        raise SlackSetupError(
            f"SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from "
            f"{APPS_PAGE} → your app → OAuth & Permissions ({needs})"
        )
    if socket_mode and not settings.slack_app_token:
        raise SlackSetupError(
            f"SLACK_APP_TOKEN is not set: set SLACK_APP_TOKEN for Socket Mode (an app-level "
            f"token, xapp-…, with the connections:write scope: {APPS_PAGE} → your app → Basic "
            f"Information), or run `onrecord serve --http` with SLACK_SIGNING_SECRET"
        )
    if not socket_mode and not re.fullmatch(r"[0-9a-fA-F]{16,}", settings.slack_signing_secret):
        state = "is not set" if not settings.slack_signing_secret else "is malformed"
        raise SlackSetupError(
            f"SLACK_SIGNING_SECRET {state}: copy the Signing Secret (hex digits) from "
            f"{APPS_PAGE} → your app → Basic Information → App Credentials ({needs})"
        )


def check_install_settings(settings: Settings, *, socket_mode: bool) -> None:
    """Several workspaces (OAuth): both halves of the pair, HTTP mode, no SLACK_BOT_TOKEN."""
    if not settings.several_workspaces:
        missing = "SLACK_CLIENT_SECRET" if settings.slack_client_id else "SLACK_CLIENT_ID"
        raise SlackSetupError(
            f"{missing} is not set: installing in several workspaces needs both SLACK_CLIENT_ID "
            f"and SLACK_CLIENT_SECRET; copy them from {APPS_PAGE} → your app → Basic "
            f"Information → App Credentials (or unset both to run in one workspace)"
        )
    if socket_mode:
        raise SlackSetupError(
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (installing in several workspaces) need "
            "HTTP mode, where Slack sends each install back to your server: run "
            f"`onrecord serve --http` ({APPS_PAGE} → your app → OAuth & Permissions → Redirect "
            f"URLs: your server + /slack/oauth_redirect)"
        )
    if settings.slack_bot_token:
        raise SlackSetupError(
            "SLACK_BOT_TOKEN is set as well as SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: unset "
            "SLACK_BOT_TOKEN to install in several workspaces (each keeps its own token), or "
            f"unset the client id and secret to run in one ({APPS_PAGE})"
        )


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
        return run_in_workspace(deps, clients, job)

    def give_up(job: Job) -> None:
        try:
            tell_parked(deps, clients(job.team_id), job)
        except NotInstalledError:
            tell_parked(deps, make_client(deps.settings), job)

    # the outbox's safety net: deliveries for channels whose posts Slack kept refusing
    period = sweep.SWEEP_EVERY.total_seconds()
    worker.every("onrecord-sweep", period, sweep.sweeper(deps.jobs, deps.sessions, deps.clock))
    worker.start(deps.sessions, run, give_up, WorkConfig.from_settings(deps.settings))
    if isinstance(deps.jobs, DurableQueue):
        deps.jobs.on_enqueue(worker.wake)
    return worker


def run_in_workspace(deps: Deps, clients: ClientsFor, job: Job) -> str | None:
    """One attempt at a job with its own workspace's client (`bot.slack.clients`): None when
    it is finished, else the error to retry it with (`attempt_job`)."""
    try:
        client = clients(job.team_id)
    except NotInstalledError as exc:
        # removed since the request was authorized: a response_url needs no token
        logger.error("%s job not run: %s", job.kind, exc)
        tell(make_client(deps.settings), job.reply_to, NOT_INSTALLED_TEXT)
        return None
    return attempt_job(deps, client, job)


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
    app = bolt_app(settings, web, session_factory)
    quiet_request_bodies()
    app.use(workspace.require_team)
    for module in (commands, events, actions, people, home, history_actions, shortcuts):
        module.register(app, deps)
    if settings.several_workspaces:
        installs.register(app, deps)
    if worker is not None:
        start_worker(deps, clients or clients_for(settings, session_factory, single=web), worker)
    return app


def bolt_app(settings: Settings, web: WebClient, session_factory: sessionmaker[Session]) -> App:
    """Bolt: one workspace's token (checked with auth.test), or OAuth for several; each
    request logged in one line (`LoggedApp`)."""
    bolt_logger = logging.getLogger("bot.slack.bolt")
    quiet_token_notice(bolt_logger)
    # listeners only ack and queue a job, so answering after they return costs nothing
    # and means a request is answered once its work is queued (process_before_response)
    if settings.several_workspaces:
        return LoggedApp(
            client=web,
            signing_secret=settings.slack_signing_secret or None,
            oauth_settings=oauth_settings(settings, engine_of(session_factory)),
            user_facing_authorize_error_message=NOT_INSTALLED_TEXT,
            process_before_response=True,
            logger=bolt_logger,
        )
    try:
        return LoggedApp(
            client=web,
            signing_secret=settings.slack_signing_secret or None,
            process_before_response=True,
            logger=bolt_logger,
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


class SameTokenNotice(logging.Filter):
    """Drops Bolt's start-up warning that `token` will be unused.

    Bolt reads SLACK_BOT_TOKEN from the environment even when it is given a client, then
    warns that this token is unused in favour of the client's; the client (SLACK_API_URL,
    rate-limit retries) was made from that same token, so the warning misleads every start.
    """

    NOTICE = warning_client_prioritized_and_token_skipped()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != self.NOTICE


def quiet_token_notice(bolt_logger: logging.Logger) -> None:
    if not any(isinstance(f, SameTokenNotice) for f in bolt_logger.filters):
        bolt_logger.addFilter(SameTokenNotice())


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
    clients: ClientsFor,
    queue: DurableQueue,
    settings: Settings,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    """The scheduled job: queue the digest job (once per day per channel, however many
    processes fire). One workspace: found from the bot token (auth.test); installed in
    several: the digest is ONRECORD_TEAM_ID's."""
    try:
        team_id = settings.team_id
        if not settings.several_workspaces:
            team_id = str(clients(settings.team_id).auth_test()["team_id"] or settings.team_id)
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
    """Run the bot until stopped: Socket Mode, or HTTP mode with `http`; with `run_jobs`
    (the default) this process also runs the durable jobs."""
    socket_mode = not http
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
        clients = clients_for(settings, session_factory, single=client)
        scheduler = digest.start_scheduler(settings, lambda: digest_job(clients, queue, settings))
    try:
        if socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            logger.info("On Record connecting to Slack in Socket Mode")
            SocketModeHandler(app, settings.slack_app_token).start()  # type: ignore[no-untyped-call]
        else:
            server = http_server(app, settings.slack_signing_secret, host, port)
            logger.info("On Record listening on http://%s:%d%s", host, server.port, EVENTS_PATH)
            if settings.several_workspaces:
                logger.info("install it in a workspace at %s", INSTALL_PATH)
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
    if not settings.slack_bot_token and not settings.several_workspaces:
        raise SlackSetupError(
            f"SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from "
            f"{APPS_PAGE} → your app → OAuth & Permissions (or SLACK_CLIENT_ID and "
            f"SLACK_CLIENT_SECRET when installed in several workspaces)"
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
