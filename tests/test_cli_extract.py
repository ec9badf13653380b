"""`onrecord extract` keeps DESIGN.md's contract."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from spacy.language import Language

from bot.cli import main

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
KEYS = {"file", "speaker", "speaker_text", "cue", "content", "content_start", "content_end", "kind"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_contract_over_several_files(nlp: Language) -> None:
    files = [
        str(ARTICLES / "01_interview_jail_cell.txt"),
        str(ARTICLES / "04_press_conference.txt"),
    ]
    code, out, _ = run("extract", "--format", "jsonl", *files)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {row["file"] for row in rows} == set(files)
    for row in rows:
        assert set(row) == KEYS
        text = Path(row["file"]).read_text(encoding="utf-8")
        assert text[row["content_start"] : row["content_end"]] == row["content"]
        assert row["kind"] in {"direct", "indirect", "mixed", "question"}
    jail = [r for r in rows if "jail cell" in r["content"]]
    assert [(r["speaker"], r["speaker_text"], r["cue"]) for r in jail] == [
        ("Khawaja Asif", "the minister", "claimed")
    ]


def test_offsets_count_characters_not_bytes(tmp_path: Path, nlp: Language) -> None:
    path = tmp_path / "unicode.txt"
    path.write_text("Zoë Brontë — “Prices will fall in März,” Zoë Brontë said.", encoding="utf-8")
    code, out, _ = run("extract", "--format", "jsonl", str(path))
    assert code == 0
    (row,) = [json.loads(line) for line in out.splitlines()]
    text = path.read_text(encoding="utf-8")
    assert text[row["content_start"] : row["content_end"]] == row["content"]
    assert row["content"] == "Prices will fall in März"


def test_text_format_lists_who_said_what(nlp: Language) -> None:
    code, out, _ = run("extract", str(ARTICLES / "02_earlier_india.txt"))
    assert code == 0
    assert "Khawaja Asif (Pakistan's defence minister):" in out
    assert "Imran Khan's X account is being operated from India" in out


def test_missing_file_is_a_one_line_error_with_exit_2(tmp_path: Path) -> None:
    code, _out, err = run("extract", str(tmp_path / "nope.txt"))
    assert code == 2
    assert err.strip() == f"onrecord: no such file: {tmp_path / 'nope.txt'}"
    assert "Traceback" not in err


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.bin"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    code, _, err = run("extract", str(path))
    assert code == 2
    assert "not UTF-8 text" in err


def test_empty_file_has_no_statements(tmp_path: Path, nlp: Language) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    code, out, _ = run("extract", "--format", "jsonl", str(path))
    assert (code, out) == (0, "")


def test_demo_shows_the_thread_reply_as_slack_would(nlp: Language) -> None:
    code, out, _ = run("demo")
    assert code == 0
    reply = out[out.index("reply in thread:") :]
    assert "Possible contradiction: Khawaja Asif" in reply
    assert "│ “Imran Khan's X account is being operated from India”" in reply
    assert "place changed · confidence: high (0." in reply
    assert 'place changed: "India" (12 Sep) → "the jail cell" (27 Sep)' in reply
    assert "[Confirm] [Not a contradiction] [See history]" in reply
    assert "slack-manifest.yml" in out
