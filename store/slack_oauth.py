"""slack_sdk's OAuth tables (installations, bots, install states), in On Record's metadata.

When On Record is installed in several workspaces (HTTP mode with SLACK_CLIENT_ID and
SLACK_CLIENT_SECRET), slack_sdk's `SQLAlchemyInstallationStore` keeps each workspace's bot
token and `SQLAlchemyOAuthStateStore` the one-time `state` of each install in the same
database. Their tables are defined here by slack_sdk's own `build_*_table` class methods
(never copied), on `Base.metadata`, so that `alembic check` and the tests compare them with
migration 0004 like every other table; the schema is still created by Alembic only. Import
it through `store.db.model_metadata()`: importing slack_sdk is left to what needs it.

slack_sdk's rows are its own business: they carry no On Record data and are read only
through those stores (a workspace's token: `bot.slack.clients`).
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table

from store.models import Base

INSTALLATIONS_TABLE = SQLAlchemyInstallationStore.default_installations_table_name
BOTS_TABLE = SQLAlchemyInstallationStore.default_bots_table_name
OAUTH_STATES_TABLE = SQLAlchemyOAuthStateStore.default_table_name


def _table(name: str, build: Callable[[MetaData, str], Table]) -> Table:
    """The table `name` on Base.metadata, built by slack_sdk once (importing twice is safe)."""
    existing = Base.metadata.tables.get(name)
    if existing is not None:
        return existing
    return build(Base.metadata, name)


installations = _table(INSTALLATIONS_TABLE, SQLAlchemyInstallationStore.build_installations_table)
bots = _table(BOTS_TABLE, SQLAlchemyInstallationStore.build_bots_table)
oauth_states = _table(OAUTH_STATES_TABLE, SQLAlchemyOAuthStateStore.build_oauth_states_table)
