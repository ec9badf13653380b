"""The command line says what Slack says: kinds and confidence in words, reported speech as
reported, and a digest preview that collapses another channel's pastes into one line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from spacy.language import Language

from bot.articles import article_from_text
from bot.cli import main
from bot.pipeline import IngestContext, Origin, ingest
from store.db import make_engine, make_session_factory, upgrade_to_head

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
EARLIER = str(ARTICLES / "02_earlier_india.txt")
LATER = str(ARTICLES / "01_interview_jail_cell.txt")

PASTE = """Council reviews the {place}

Leeds, 4 March 2025 — The council leader Amira Stone spoke to reporters on Tuesday.

"The {place} will stay open all summer," Stone said.
"""
PLACES = ("library", "swimming pool", "bus depot", "town museum")


def test_ingest_prints_kinds_confidence_and_reported_speech(tmp_path: Path, nlp: Language) -> None:
    env = {"ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}"}
    result = CliRunner().invoke(main, ["ingest", EARLIER, LATER], env=env)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Khawaja Asif (reported): the posts were designed" in out
    assert "Khawaja Asif (quoted): We have traced it." in out
    assert "— place changed, confidence: high (0." in out
    assert "[direct]" not in out and "[indirect]" not in out and "— place," not in out
    history = CliRunner().invoke(main, ["history", "Asif"], env=env).stdout
    assert "  2025-09-12  Reported (paraphrase by the article): the posts were designed" in history
    assert "  2025-09-12  “We have traced it.”  (Minister blames India" in history


def test_digest_preview_collapses_other_channels_pastes(tmp_path: Path, nlp: Language) -> None:
    url = f"sqlite:///{tmp_path / 'digest.sqlite'}"
    upgrade_to_head(url)
    sessions = make_session_factory(make_engine(url))
    for place in PLACES:
        with sessions.begin() as session:
            ingest(
                article_from_text(PASTE.format(place=place)),
                IngestContext(
                    session=session, nlp=nlp, team_id="T000LOCAL", origin=Origin(channel="CDESK")
                ),
            )
    env = {"ONRECORD_DATABASE_URL": url, "ONRECORD_DIGEST_CHANNEL": "CNEWS"}
    result = CliRunner().invoke(main, ["digest", "--preview"], env=env)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Articles filed (4):" in out
    assert out.count("pasted article") == 1
    assert "• 4 pasted articles shared in other channels (not shown here; ask the desk)" in out
    assert "CDESK" not in out and "library" not in out and "Amira Stone" not in out
    shown_here = CliRunner().invoke(
        main, ["digest", "--preview"], env={**env, "ONRECORD_DIGEST_CHANNEL": "CDESK"}
    )
    assert "• Council reviews the library" in shown_here.stdout
    assert "Amira Stone (official) — 4 statements" in shown_here.stdout
