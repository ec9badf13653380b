"""Load the database fixtures of tests/db.py for these tests.

Until the root conftest declares ``pytest_plugins = ["tests.db"]`` this registers the
plugin itself; once it does, this is a no-op.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("tests.db"):
        config.pluginmanager.import_plugin("tests.db")
