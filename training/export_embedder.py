"""Export the all-MiniLM-L6-v2 sentence embedder to int8 ONNX for run time (no torch there).

    pip install -e '.[train]'
    python training/export_embedder.py

Writes bot/nlp/models/embedder/{model.onnx,tokenizer.json}: input_ids, attention_mask and
token_type_ids (int64, batch x tokens) -> "embedding" (batch x 384, mean-pooled, L2-normalised).
Checks the int8 model against the fp32 one on a few sentences and prints the agreement.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from minilm import SentenceEmbedder, base_weights_dir, load_base_encoder
from onnxruntime.quantization import QuantType, quantize_dynamic
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "bot" / "nlp" / "models" / "embedder"
TMP = HERE / ".export"
MAX_TOKENS = 128
CHECK = (
    "The bridge will open to traffic in June.",
    "The crossing opens to drivers in June.",
    "Flour prices have doubled, the bakers say.",
    "The minister said she would not step down.",
)


def tokenizer() -> Tokenizer:
    tok = Tokenizer.from_file(str(base_weights_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_TOKENS)
    return tok


def feeds(tok: Tokenizer, texts: tuple[str, ...]) -> dict[str, np.ndarray]:
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    enc = tok.encode_batch(list(texts))
    tok.no_padding()
    return {
        "input_ids": np.array([e.ids for e in enc], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64),
    }


def run(path: Path, inputs: dict[str, np.ndarray]) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, inputs)[0])


def main() -> None:
    torch.set_num_threads(1)
    TMP.mkdir(exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    model = SentenceEmbedder(load_base_encoder()).eval()
    tok = tokenizer()
    sample = feeds(tok, CHECK)
    fp32 = TMP / "embedder_fp32.onnx"
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        model,
        tuple(
            torch.from_numpy(sample[k]) for k in ("input_ids", "attention_mask", "token_type_ids")
        ),
        str(fp32),
        dynamo=False,
        opset_version=17,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["embedding"],
        dynamic_axes={
            "input_ids": axes,
            "attention_mask": axes,
            "token_type_ids": axes,
            "embedding": {0: "batch"},
        },
    )
    int8 = OUT / "model.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    tok.save(str(OUT / "tokenizer.json"))
    with torch.no_grad():
        reference = model(
            *(
                torch.from_numpy(sample[k])
                for k in ("input_ids", "attention_mask", "token_type_ids")
            )
        ).numpy()
    quantised = run(int8, sample)
    agreement = np.sum(reference * quantised, axis=1)
    print(f"wrote {int8} ({int8.stat().st_size / 2**20:.1f} MiB) and tokenizer.json")
    print("cosine(fp32, int8) per check sentence:", np.round(agreement, 4).tolist())
    print("int8 similarities:\n", np.round(quantised @ quantised.T, 3))


if __name__ == "__main__":
    main()
