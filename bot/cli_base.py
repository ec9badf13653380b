"""What every `onrecord` command shares: the exit for a user mistake, the settings, the
store and the judging models (each loaded only when a command asks for it)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

from bot.config import Settings, SettingsError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from bot.nlp.model import JudgingModels


def fail(reason: str) -> NoReturn:
    """Exit 2 with a one-line reason on stderr: the contract for a user mistake."""
    click.echo(f"onrecord: {reason}", err=True)
    sys.exit(2)


def settings_or_exit() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        fail(str(exc))


def judging_models() -> JudgingModels:
    """The shipped scorer and embedder (onnxruntime), loaded once per process."""
    from bot.nlp.model import load_judging_models

    return load_judging_models()


def open_store(settings: Settings) -> sessionmaker[Session]:
    """Upgrade the database to the newest schema and return a session factory for it."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from store.db import make_engine, make_session_factory, masked_url, upgrade_to_head

    try:
        upgrade_to_head(settings.database_url)
        return make_session_factory(make_engine(settings.database_url))
    except ArgumentError:
        fail(f"ONRECORD_DATABASE_URL is not a database URL: {masked_url(settings.database_url)}")
    except OperationalError as exc:
        reason = str(exc.orig).replace(str(settings.database_url), "…").splitlines()
        fail(
            f"cannot open the database {masked_url(settings.database_url)}: "
            f"{reason[0] if reason else 'no reason given'}"
        )
