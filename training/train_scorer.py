"""Train, export and evaluate On Record's contradiction scorer (a MiniLM-L6 cross-encoder).

    pip install -e '.[train]'
    python training/make_pairs.py           # our own pairs (committed; rebuild only to change them)
    python training/train_scorer.py         # train -> export int8 ONNX -> evaluate + thresholds
    python training/train_scorer.py --phase evaluate   # re-evaluate the shipped model only

Reproducible: fixed seed, a deterministic plan of batches, and one CPU thread by default.
Checkpoints land in training/.checkpoints/ every few minutes; a restarted run resumes from
the last one. Nothing here runs at bot run time; the bot loads the exported ONNX file.

Data (see bot/nlp/models/scorer/MODEL_CARD.md for licences):
  training/data/pairs_train.jsonl   our own news-register pairs (validation: pairs_validation)
  ../shared/eval/prosecco-dev.jsonl ProSeCCo dev half; whole speakers held out for validation
  ../shared/nli/                    SNLI, MultiNLI, CAD, Breaking NLI (held-out slices by premise)
  training/data/news_flips_heldout.jsonl  hand-written pairs, only ever evaluated
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
DATA = HERE / "data"
CHECKPOINTS = HERE / ".checkpoints"
EXPORT_TMP = HERE / ".export"
MODEL_DIR = ROOT / "bot" / "nlp" / "models" / "scorer"
SEED = 1234
MAX_LEN = 128
PROSECCO_HELDOUT_SHARE = 0.3
NLI_HELDOUT_SHARE = 0.08
NLI_SLICE = 1000
ALERT_PRECISION = 0.9
REVIEW_PRECISION = 0.82

# How the training stream is mixed (shares of examples seen).
MIX = {"ours": 0.42, "prosecco": 0.12, "nli": 0.40, "breaking": 0.06}


@dataclass(frozen=True)
class Example:
    earlier: str
    later: str
    label: int  # 1 = contradiction
    source: str
    group: str = ""  # speaker, subject or premise: what held-out splits are made by


@dataclass(frozen=True)
class Splits:
    train: dict[str, list[Example]]
    heldout: dict[str, list[Example]]


def stable_fraction(key: str, seed: int) -> float:
    digest = hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()
    return int(digest[:8], 16) / 0xFFFFFFFF


def read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read_ours(path: Path, source: str) -> list[Example]:
    return [
        Example(
            str(r["earlier"]),
            str(r["later"]),
            int(r["label"] == "contradiction"),
            source,
            str(r.get("subject", r.get("kind", ""))),
        )
        for r in read_jsonl(path)
    ]


def read_prosecco(path: Path) -> tuple[list[Example], list[Example]]:
    """Raw pairs split by whole speakers; training also gets the annotators' resolved rewrites."""
    train: list[Example] = []
    heldout: list[Example] = []
    for r in read_jsonl(path):
        speaker = str(r["speaker"])
        label = int(bool(r["contradiction"]))
        raw = Example(str(r["earlier"]), str(r["later"]), label, "prosecco", speaker)
        if stable_fraction(speaker, SEED) < PROSECCO_HELDOUT_SHARE:
            heldout.append(raw)
            continue
        train.append(raw)
        resolved = (str(r.get("earlier_resolved") or ""), str(r.get("later_resolved") or ""))
        if all(resolved) and resolved != (raw.earlier, raw.later):
            train.append(Example(*resolved, label, "prosecco", speaker))
    return train, heldout


def nli_rows(path: Path) -> Iterator[tuple[str, str, str]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                yield row["sentence1"], row["sentence2"], row["label"]
    elif path.suffix == ".tsv":
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                yield row["sentence1"], row["sentence2"], row["gold_label"]
    else:
        for r in read_jsonl(path):
            yield str(r["sentence1"]), str(r["sentence2"]), str(r["gold_label"])


def read_nli(path: Path, source: str) -> list[Example]:
    return [
        Example(a, b, int(label == "contradiction"), source, a)
        for a, b, label in nli_rows(path)
        if label in {"entailment", "neutral", "contradiction"} and a and b
    ]


def split_by_group(
    rows: list[Example], share: float, limit: int
) -> tuple[list[Example], list[Example]]:
    held = [r for r in rows if stable_fraction(r.group, SEED) < share]
    train = [r for r in rows if stable_fraction(r.group, SEED) >= share]
    return train, held[:limit]


def load_splits() -> Splits:
    nli = SHARED / "nli"
    snli_dev = read_nli(nli / "snli_1.0_dev.csv", "snli")
    snli_train, snli_held = split_by_group(
        read_nli(nli / "snli_1.0_test.csv", "snli"), NLI_HELDOUT_SHARE * 1.5, NLI_SLICE
    )
    mnli_matched = read_nli(nli / "multinli_1.0_dev_matched.csv", "mnli")
    mnli_train, mnli_held = split_by_group(
        read_nli(nli / "multinli_1.0_dev_mismatched.csv", "mnli"),
        NLI_HELDOUT_SHARE * 1.5,
        NLI_SLICE,
    )
    cad = [
        e for part in ("train", "dev", "test") for e in read_nli(nli / "cad" / f"{part}.tsv", "cad")
    ]
    breaking_train, breaking_held = split_by_group(
        read_nli(nli / "breaking_nli.jsonl", "breaking"), NLI_HELDOUT_SHARE, 600
    )
    prosecco_train, prosecco_held = read_prosecco(SHARED / "eval" / "prosecco-dev.jsonl")
    ours_train = read_ours(DATA / "pairs_train.jsonl", "ours")
    ours_val = read_ours(DATA / "pairs_validation.jsonl", "ours")
    return Splits(
        train={
            "ours": ours_train,
            "prosecco": prosecco_train,
            "nli": snli_dev + snli_train + mnli_matched + mnli_train + cad,
            "breaking": breaking_train,
        },
        heldout={
            "ours_validation": ours_val,
            "prosecco_heldout_speakers": prosecco_held,
            "snli_test_slice": snli_held,
            "mnli_mismatched_slice": mnli_held,
            "breaking_nli_slice": breaking_held,
        },
    )


def describe(splits: Splits) -> None:
    print("data read:")
    for side, parts in (("train", splits.train), ("held out", splits.heldout)):
        for name, rows in parts.items():
            labels = Counter(r.label for r in rows)
            groups = len({r.group for r in rows})
            print(
                f"  {side:8} {name:27} {len(rows):6} pairs  contradiction={labels[1]:5} "
                f"other={labels[0]:5}  groups={groups}"
            )


def training_plan(splits: Splits, total: int, seed: int) -> list[tuple[Example, bool]]:
    """The whole stream of (example, swap order) the run will see, fixed by the seed."""
    rng = random.Random(seed)
    stream: list[tuple[Example, bool]] = []
    for name, share in MIX.items():
        rows = splits.train[name]
        need = round(total * share)
        taken: list[Example] = []
        while len(taken) < need:
            cycle = rows[:]
            rng.shuffle(cycle)
            taken.extend(cycle[: need - len(taken)])
        stream.extend((e, rng.random() < 0.5) for e in taken)
    rng.shuffle(stream)
    return stream


def batches(
    stream: list[tuple[Example, bool]], size: int, seed: int
) -> list[list[tuple[Example, bool]]]:
    """Length-bucketed batches (dynamic padding wastes little), in a seeded order."""
    rng = random.Random(seed + 1)
    out: list[list[tuple[Example, bool]]] = []
    chunk = size * 50
    for start in range(0, len(stream), chunk):
        part = sorted(
            stream[start : start + chunk], key=lambda p: len(p[0].earlier) + len(p[0].later)
        )
        out.extend(part[i : i + size] for i in range(0, len(part), size))
    rng.shuffle(out)
    return out


def base_tokenizer():  # type: ignore[no-untyped-def]
    from minilm import base_weights_dir
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_weights_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_LEN)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def encode(tok, pairs: Sequence[tuple[str, str]]):  # type: ignore[no-untyped-def]
    import torch

    encodings = tok.encode_batch(list(pairs))
    return (
        torch.tensor([e.ids for e in encodings], dtype=torch.long),
        torch.tensor([e.attention_mask for e in encodings], dtype=torch.long),
        torch.tensor([e.type_ids for e in encodings], dtype=torch.long),
    )


def save_atomic(obj: object, path: Path) -> None:
    import torch

    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def train(splits: Splits, args: argparse.Namespace) -> None:
    import torch
    from minilm import PairScorer, load_base_encoder

    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    checkpoints: Path = args.checkpoints
    checkpoints.mkdir(exist_ok=True)
    plan = batches(training_plan(splits, args.steps * args.batch, SEED), args.batch, SEED)
    seen = Counter(e.source for b in plan for e, _ in b)
    print(
        f"plan: {len(plan)} steps x {args.batch} = {sum(seen.values())} examples "
        f"{dict(seen)}; both orders (half of the pairs swapped)"
    )
    model = PairScorer(load_base_encoder())
    model.encoder.word.weight.requires_grad_(False)  # frozen vocabulary: half the update cost
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    warmup = max(1, int(0.06 * len(plan)))

    def rate(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (len(plan) - step) / max(1, len(plan) - warmup))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
    step, spent = 0, 0.0
    last = checkpoints / "last.pt"
    if last.exists():
        state = torch.load(last, weights_only=False)
        if (state.get("steps"), state.get("batch")) != (len(plan), args.batch):
            sys.exit(f"{last} belongs to another plan; delete it to start afresh")
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        schedule.load_state_dict(state["schedule"])
        torch.set_rng_state(state["rng"])
        step, spent = int(state["step"]), float(state["seconds"])
        print(f"resumed from {last} at step {step} ({spent / 60:.1f} min trained)")
    tok = base_tokenizer()
    loss_fn = torch.nn.BCEWithLogitsLoss()
    model.train()
    started, saved_at, window = time.monotonic(), time.monotonic(), []
    while step < len(plan):
        batch = plan[step]
        pairs = [(e.later, e.earlier) if swap else (e.earlier, e.later) for e, swap in batch]
        labels = torch.tensor([float(e.label) for e, _ in batch])
        logits = model(*encode(tok, pairs))
        loss = loss_fn(logits, labels)
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimiser.step()
        schedule.step()
        step += 1
        window.append(loss.item())
        now = time.monotonic()
        if step % 50 == 0:
            elapsed = spent + now - started
            print(
                f"step {step}/{len(plan)} loss {sum(window) / len(window):.4f} "
                f"lr {schedule.get_last_lr()[0]:.2e} {elapsed / 60:.1f} min "
                f"({step * args.batch / max(elapsed, 1e-9):.1f} ex/s)",
                flush=True,
            )
            window = []
        if now - saved_at > args.checkpoint_seconds or step == len(plan):
            save_atomic(
                {
                    "model": model.state_dict(),
                    "optimiser": optimiser.state_dict(),
                    "schedule": schedule.state_dict(),
                    "rng": torch.get_rng_state(),
                    "step": step,
                    "seconds": spent + now - started,
                    "steps": len(plan),
                    "batch": args.batch,
                },
                last,
            )
            saved_at = now
    total_minutes = (spent + time.monotonic() - started) / 60
    save_atomic({"model": model.state_dict(), "minutes": total_minutes}, checkpoints / "final.pt")
    print(f"trained {step} steps in {total_minutes:.1f} min; saved {checkpoints / 'final.pt'}")


def export(args: argparse.Namespace) -> None:
    import torch
    from minilm import PairScorer, ProbabilityScorer, load_base_encoder
    from onnxruntime.quantization import QuantType, quantize_dynamic

    torch.set_num_threads(args.threads)
    state = torch.load(args.checkpoints / "final.pt", weights_only=False)
    model = PairScorer(load_base_encoder())
    model.load_state_dict(state["model"])
    exported = ProbabilityScorer(model).eval()
    EXPORT_TMP.mkdir(exist_ok=True)
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    fp32 = EXPORT_TMP / "scorer_fp32.onnx"
    tok = base_tokenizer()
    sample = encode(tok, [("The bridge opens in June.", "The bridge will not open in June.")])
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        exported,
        sample,
        str(fp32),
        dynamo=False,
        opset_version=17,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["probability"],
        dynamic_axes={
            "input_ids": axes,
            "attention_mask": axes,
            "token_type_ids": axes,
            "probability": {0: "batch"},
        },
    )
    quantize_dynamic(
        str(fp32), str(MODEL_DIR / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True
    )
    tok.no_padding()
    tok.save(str(MODEL_DIR / "tokenizer.json"))
    thresholds = MODEL_DIR / "thresholds.json"
    if not thresholds.exists():  # provisional, until the evaluate phase chooses them
        thresholds.write_text(json.dumps({"alert": 0.9, "review": 0.7}, indent=2) + "\n")
    size = (MODEL_DIR / "model.onnx").stat().st_size / 2**20
    print(f"exported int8 ONNX to {MODEL_DIR / 'model.onnx'} ({size:.1f} MiB)")


def roc_auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    ranked = sorted(zip(scores, labels, strict=True))
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2
        rank_sum += mean_rank * sum(lab for _, lab in ranked[i:j])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def precision_recall(
    scores: Sequence[float], labels: Sequence[int], threshold: float
) -> tuple[float, float, int]:
    flagged = [lab for s, lab in zip(scores, labels, strict=True) if s >= threshold]
    tp = sum(flagged)
    precision = tp / len(flagged) if flagged else float("nan")
    recall = tp / sum(labels) if sum(labels) else float("nan")
    return precision, recall, len(flagged)


def lowest_threshold(
    scores: Sequence[float], labels: Sequence[int], min_precision: float, min_flagged: int = 10
) -> float | None:
    """The lowest cut whose flagged set (score >= cut) keeps min_precision, scanning upward."""
    for cut in sorted(set(scores)):
        precision, _, flagged = precision_recall(scores, labels, cut)
        if flagged >= min_flagged and precision >= min_precision:
            return cut
    return None


def choose_thresholds(scored: dict[str, tuple[list[float], list[int]]]) -> dict[str, float]:
    """Cuts chosen on our validation subjects only, precision first.

    alert: the lowest score at which our validation pairs keep ALERT_PRECISION;
    review: the lowest at which they keep REVIEW_PRECISION. ProSeCCo is only reported: on its
    held-out speakers the model ranks close to chance, so tuning on it would fit noise.
    """
    ours, labels = scored["ours_validation"]
    alert = lowest_threshold(ours, labels, ALERT_PRECISION, 30) or 0.99
    review = lowest_threshold(ours, labels, REVIEW_PRECISION, 30) or alert
    return {"alert": round(alert, 4), "review": round(min(review, alert), 4)}


def kinds_of(path: Path) -> list[str]:
    return [f"{r['label']}/{r['kind']}" for r in read_jsonl(path)]


def print_per_kind(
    name: str, scores: Sequence[float], kinds: Sequence[str], thresholds: dict[str, float]
) -> None:
    """Share of each kind flagged at each tier (recall for flips, false flags for the rest)."""
    print(f"{name} by kind: n, share >= review, share >= alert")
    for kind in sorted(set(kinds)):
        picked = [s for s, k in zip(scores, kinds, strict=True) if k == kind]
        review = sum(s >= thresholds["review"] for s in picked) / len(picked)
        alert = sum(s >= thresholds["alert"] for s in picked) / len(picked)
        print(f"  {kind:36} {len(picked):5} {review:6.2f} {alert:6.2f}")


def evaluate(splits: Splits, args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    from bot.nlp.scorer import Scorer

    scorer = Scorer.load(MODEL_DIR)
    sets = dict(splits.heldout)
    handwritten = DATA / "news_flips_heldout.jsonl"
    if handwritten.exists():
        sets["news_flips_heldout (hand-written)"] = read_ours(handwritten, "heldout")
    scored: dict[str, tuple[list[float], list[int]]] = {}
    for name, rows in sets.items():
        began = time.monotonic()
        scores = scorer.contradiction_scores([(r.earlier, r.later) for r in rows])
        scored[name] = (scores, [r.label for r in rows])
        print(f"scored {name}: {len(rows)} pairs in {time.monotonic() - began:.1f}s")
    thresholds = choose_thresholds(scored)
    (MODEL_DIR / "thresholds.json").write_text(json.dumps(thresholds, indent=2) + "\n")
    print(f"thresholds (chosen on ours_validation only): {thresholds}")
    report: dict[str, dict[str, float]] = {}
    print(
        f"{'held-out set':38} {'n':>5} {'acc@.5':>7} {'AUC':>6} "
        f"{'P@review':>9} {'R@review':>9} {'P@alert':>8} {'R@alert':>8}"
    )
    for name, (scores, labels) in scored.items():
        accuracy = sum(
            (s >= 0.5) == bool(lab) for s, lab in zip(scores, labels, strict=True)
        ) / len(labels)
        auc = roc_auc(scores, labels)
        pr, rr, _ = precision_recall(scores, labels, thresholds["review"])
        pa, ra, _ = precision_recall(scores, labels, thresholds["alert"])
        report[name] = {
            "n": len(labels),
            "accuracy_at_0.5": accuracy,
            "roc_auc": auc,
            "precision_review": pr,
            "recall_review": rr,
            "precision_alert": pa,
            "recall_alert": ra,
        }
        print(
            f"{name:38} {len(labels):5} {accuracy:7.3f} {auc:6.3f} {pr:9.3f} {rr:9.3f} "
            f"{pa:8.3f} {ra:8.3f}"
        )
    for name, path in (
        ("ours_validation", DATA / "pairs_validation.jsonl"),
        ("news_flips_heldout (hand-written)", DATA / "news_flips_heldout.jsonl"),
    ):
        if name in scored:
            print_per_kind(name, scored[name][0], kinds_of(path), thresholds)
    (args.checkpoints / "metrics.json").write_text(
        json.dumps({"thresholds": thresholds, "heldout": report}, indent=2) + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=["all", "train", "export", "evaluate"], default="all")
    parser.add_argument("--steps", type=int, default=1650)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--checkpoint-seconds", type=float, default=180.0)
    parser.add_argument("--checkpoints", type=Path, default=CHECKPOINTS, help="checkpoint folder")
    args = parser.parse_args()
    random.seed(SEED)
    splits = load_splits()
    describe(splits)
    if args.phase in {"all", "train"}:
        train(splits, args)
    if args.phase in {"all", "export"}:
        export(args)
    if args.phase in {"all", "evaluate"}:
        evaluate(splits, args)


if __name__ == "__main__":
    main()
