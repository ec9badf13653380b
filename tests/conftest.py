"""Shared fixtures: the real spaCy model, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from bot.nlp.model import load_nlp

pytest_plugins = ["tests.db"]

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real en_core_web_sm pipeline (the same loader the app uses)."""
    return load_nlp("en_core_web_sm")


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
