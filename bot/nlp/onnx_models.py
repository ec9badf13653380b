"""Shared loading for the int8 ONNX models shipped inside the package (no torch, no download)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

MAX_TOKENS = 128
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"


class ModelFilesMissingError(FileNotFoundError):
    """A model directory lacks model.onnx or tokenizer.json."""


@dataclass(frozen=True)
class TokenBatch:
    """One padded batch: the three int64 inputs every BERT-shaped ONNX graph here takes."""

    input_ids: npt.NDArray[np.int64]
    attention_mask: npt.NDArray[np.int64]
    token_type_ids: npt.NDArray[np.int64]

    def feeds(self) -> dict[str, npt.NDArray[np.int64]]:
        return {
            "input_ids": self.input_ids,
            "attention_mask": self.attention_mask,
            "token_type_ids": self.token_type_ids,
        }


def packaged_model_dir(name: str) -> Path:
    """The directory of a model shipped as package data under bot/nlp/models/<name>."""
    return Path(str(resources.files("bot.nlp").joinpath("models", name)))


def check_model_dir(model_dir: Path) -> None:
    missing = [f for f in (MODEL_FILE, TOKENIZER_FILE) if not (model_dir / f).is_file()]
    if missing:
        raise ModelFilesMissingError(f"{model_dir} lacks {', '.join(missing)}")


def open_session(model_file: Path, threads: int = 1) -> Any:
    """An onnxruntime CPU session using `threads` intra-op threads (one by default)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(
        str(model_file), sess_options=options, providers=["CPUExecutionProvider"]
    )


def open_tokenizer(tokenizer_file: Path, max_tokens: int = MAX_TOKENS) -> Tokenizer:
    """The model's tokenizer, truncating to max_tokens and padding to the longest in a batch."""
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def to_batch(encodings: Sequence[Encoding]) -> TokenBatch:
    return TokenBatch(
        input_ids=np.array([e.ids for e in encodings], dtype=np.int64),
        attention_mask=np.array([e.attention_mask for e in encodings], dtype=np.int64),
        token_type_ids=np.array([e.type_ids for e in encodings], dtype=np.int64),
    )


def run_first_output(session: Any, batch: TokenBatch) -> npt.NDArray[np.float32]:
    outputs = session.run(None, batch.feeds())
    return np.asarray(outputs[0], dtype=np.float32)


def length_order(lengths: Sequence[int]) -> list[int]:
    """Indices sorted by length, so each batch pads to similar lengths."""
    return sorted(range(len(lengths)), key=lambda i: lengths[i])


def chunks(indices: Sequence[int], size: int) -> list[Sequence[int]]:
    return [indices[i : i + size] for i in range(0, len(indices), size)]


ModelInput = str | tuple[str, str]


def run_in_batches(
    session: Any, tokenizer: Tokenizer, inputs: Sequence[ModelInput], batch_size: int
) -> npt.NDArray[np.float32]:
    """The model's first output for each input (a text or a text pair), in input order;
    inputs of similar length are batched together so little padding is run."""
    lengths = [len(x) if isinstance(x, str) else len(x[0]) + len(x[1]) for x in inputs]
    rows: list[npt.NDArray[np.float32]] = [np.empty(0, dtype=np.float32)] * len(inputs)
    for indices in chunks(length_order(lengths), batch_size):
        encodings = tokenizer.encode_batch([inputs[i] for i in indices])
        for i, row in zip(indices, run_first_output(session, to_batch(encodings)), strict=True):
            rows[i] = row
    return np.stack(rows) if rows else np.empty((0,), dtype=np.float32)
