"""Slash-command ack latency while ingests run (target: p99 < 300 ms), three ways.

    python benchmarks/ack_latency.py [--ingests 5] [--requests 300] [--workers 2] [--burst 50]
        [--judging] [--only sequential|burst|history]

Serves the real Bolt app with the production HTTP server on 127.0.0.1 (SQLite in a temp dir,
the fake Slack API from tests/fake_slack.py), then:

1. sequential: starts `--ingests` long pasted-article ingests with /onrecord, then sends
   signed /onrecord commands one after another (alternating `help`, answered in the ack, and
   `history …`, acked and queued) and times each request until its HTTP answer. Only the
   requests answered while ingests were still running are counted.
2. burst: `--burst` slash commands sent at the same instant, each on its own connection,
   while ingests run: every one must be acked (no connection resets), p99 < 300 ms.
3. history during a long ingest: files a short article (so the person is on record), starts
   one long ingest, and meanwhile asks `/onrecord history …` one at a time; each is timed
   from the command until its answer reaches the response_url, and the answer is checked
   (on SQLite a read must not wait for the ingest's write lock, nor fail "database is
   locked").
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import DEFAULT_MAX_ARTICLE_CHARS, Settings  # noqa: E402
from bot.nlp.model import load_judging_models, load_nlp  # noqa: E402
from bot.slack.app import EVENTS_PATH, build_app, http_server  # noqa: E402
from bot.slack.deps import Worker  # noqa: E402
from store.db import make_engine, make_session_factory, upgrade_to_head  # noqa: E402
from tests.fake_slack import TEAM_ID, FakeSlack, serve_fake_slack  # noqa: E402

SECRET = "0123456789abcdef0123456789abcdef"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
PERSON = "Khawaja Asif"
TARGET = 0.300


def signed_command(text: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    body = urlencode(
        {
            "command": "/onrecord",
            "text": text,
            "team_id": TEAM_ID,
            "channel_id": "CBENCH",
            "user_id": "UBENCH",
            "response_url": response_url,
        }
    )
    stamp = str(int(time.time()))
    base = f"v0:{stamp}:{body}".encode()
    signature = "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }
    return body.encode(), headers


def long_article(n: int, copies: int) -> str:
    """A long pasted article, different for each n (so no two are deduplicated): the number
    is in the body's last line too, since a first line may be read as the headline and the
    duplicate check hashes the text."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    body = "\n\n".join(texts * copies)
    return f"Benchmark article number {n}\n\n{body}\n\nThis is benchmark copy number {n}."


def copies_under_cap() -> int:
    """The most fixture copies whose article the bot still files (under the size cap)."""
    copies = 1
    while len(long_article(0, copies + 1)) < DEFAULT_MAX_ARTICLE_CHARS:
        copies += 1
    return copies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


class Bench:
    """The running app and what the benchmark sends it."""

    def __init__(self, endpoint: str, fake: FakeSlack, worker: Worker) -> None:
        self.endpoint = endpoint
        self.fake = fake
        self.worker = worker
        self.client = httpx.Client(timeout=30)

    def command(self, text: str) -> tuple[int, float]:
        body, headers = signed_command(text, self.fake.response_url())
        t0 = time.perf_counter()
        answer = self.client.post(self.endpoint, content=body, headers=headers)
        return answer.status_code, time.perf_counter() - t0

    def start_ingests(self, count: int, copies: int, first: int = 0) -> list[float]:
        acks = []
        for n in range(first, first + count):
            status, elapsed = self.command(long_article(n, copies))
            assert status == 200, status
            acks.append(elapsed)
        return acks

    def when_idle(self) -> threading.Event:
        done = threading.Event()

        def mark_done() -> None:
            self.worker.wait_idle(3600)
            done.set()

        threading.Thread(target=mark_done, daemon=True).start()
        return done


def sequential(bench: Bench, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    ingest_acks = bench.start_ingests(args.ingests, args.copies)
    done = bench.when_idle()
    latencies: list[float] = []
    for i in range(args.requests):
        if done.is_set():
            break
        status, elapsed = bench.command("help" if i % 2 == 0 else f"history {PERSON}")
        assert status == 200, status
        if not done.is_set():
            latencies.append(elapsed)
        time.sleep(0.01)
    busy = not done.is_set()
    bench.worker.wait_idle(3600)
    total = time.perf_counter() - started

    print("== 1. sequential commands while ingests run")
    print(f"ingests: {args.ingests} pasted articles of ~{len(long_article(0, args.copies))} chars")
    print(f"worker threads: {args.workers}; all work finished after {total:.1f} s")
    print(f"judging: {'embedder + scorer' if args.judging else 'the rules alone'}")
    print(f"ingests still running at the end of timing: {busy}")
    print(f"ingest command acks: max {ms(max(ingest_acks))}")
    if not latencies:
        print("no command answered while ingests ran (ingests too short; raise --copies)")
        return
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print(f"commands acked during ingests: {len(latencies)}")
    print(
        f"ack latency: p50 {ms(p50)}, p99 {ms(p99)}, max {ms(max(latencies))}, "
        f"mean {ms(statistics.fmean(latencies))}"
    )
    print(f"target p99 < 300 ms: {'met' if p99 < TARGET else 'NOT met'}")


def burst(bench: Bench, args: argparse.Namespace) -> None:
    """`--burst` commands at once, each on a fresh connection, while ingests run."""
    bench.start_ingests(args.ingests, args.copies, first=1000)
    clients = [httpx.Client(timeout=30) for _ in range(args.burst)]
    requests = [
        signed_command("help" if i % 2 == 0 else f"history {PERSON}", bench.fake.response_url())
        for i in range(args.burst)
    ]
    gate = threading.Barrier(args.burst)
    acked: list[float] = []
    failed: list[str] = []
    lock = threading.Lock()

    def send(i: int) -> None:
        body, headers = requests[i]
        gate.wait()
        t0 = time.perf_counter()
        try:
            answer = clients[i].post(bench.endpoint, content=body, headers=headers)
        except httpx.HTTPError as exc:
            with lock:
                failed.append(type(exc).__name__)
            return
        elapsed = time.perf_counter() - t0
        with lock:
            if answer.status_code == 200:
                acked.append(elapsed)
            else:
                failed.append(f"HTTP {answer.status_code}")

    threads = [threading.Thread(target=send, args=(i,)) for i in range(args.burst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    busy = bench.worker.wait_idle(0) is False
    for client in clients:
        client.close()
    bench.worker.wait_idle(3600)

    print(f"== 2. {args.burst} concurrent slash commands while {args.ingests} ingests run")
    print(f"ingests still running when the burst was answered: {busy}")
    print(f"acked: {len(acked)}/{args.burst}; failed: {failed or 'none'}")
    if acked:
        p50, p99 = percentile(acked, 0.50), percentile(acked, 0.99)
        print(f"ack latency: p50 {ms(p50)}, p99 {ms(p99)}, max {ms(max(acked))}")
        ok = p99 < TARGET and len(acked) == args.burst
        print(f"target {args.burst}/{args.burst} acked, p99 < 300 ms: {'met' if ok else 'NOT met'}")


def history_during_ingest(bench: Bench, args: argparse.Namespace) -> None:
    """Time `/onrecord history` end to end while one long ingest holds the worker."""
    status, _ = bench.command((ARTICLES / "02_earlier_india.txt").read_text(encoding="utf-8"))
    assert status == 200, status
    bench.worker.wait_idle(600)
    copies = args.long_copies or copies_under_cap()
    bench.start_ingests(1, copies, first=2000)
    done = bench.when_idle()
    timings: list[float] = []
    answers: list[str] = []
    while not done.is_set() and len(timings) < args.history_probes:
        before = len(bench.fake.calls_to("response_url"))
        t0 = time.perf_counter()
        status, _ = bench.command(f"history {PERSON}")
        assert status == 200, status
        (*_, reply) = bench.fake.wait_for("response_url", before + 1, timeout=600)
        timings.append(time.perf_counter() - t0)
        answers.append(str(reply.body.get("text", "")))
        time.sleep(0.2)
    still_running = not done.is_set()
    bench.worker.wait_idle(3600)

    print("== 3. /onrecord history while one long ingest runs (SQLite)")
    print(f"long ingest: ~{len(long_article(0, copies))} chars")
    print(f"still running after the last probe: {still_running}")
    if not timings:
        print("the ingest finished before any probe (raise --long-copies)")
        return
    good = [a for a in answers if a.startswith("History of")]
    print(f"history answers: {len(good)}/{len(answers)} were the history")
    for other in sorted(set(answers) - set(good)):
        print(f"  other answer: {other[:120]!r}")
    print(
        f"history answered in: p50 {ms(percentile(timings, 0.5))}, max {ms(max(timings))} "
        f"(from the command to the answer at response_url)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--ingests", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2, help="background worker threads")
    parser.add_argument("--copies", type=int, default=4, help="fixture articles per ingest x N")
    parser.add_argument("--burst", type=int, default=50, help="concurrent slash commands")
    parser.add_argument(
        "--long-copies",
        type=int,
        default=0,
        help="the long ingest's size x N (default: the most copies under the article size cap)",
    )
    parser.add_argument("--history-probes", type=int, default=10)
    parser.add_argument(
        "--judging",
        action="store_true",
        help="judge with the shipped embedder and scorer, as `onrecord serve` does "
        "(default: the rules alone)",
    )
    parser.add_argument(
        "--only", choices=["sequential", "burst", "history"], help="run one measurement"
    )
    args = parser.parse_args()

    nlp = load_nlp("en_core_web_sm")
    judging = load_judging_models() if args.judging else None
    parts: list[tuple[str, Callable[[Bench, argparse.Namespace], None]]] = [
        ("sequential", sequential),
        ("burst", burst),
        ("history", history_during_ingest),
    ]
    for name, measure in parts:
        if args.only and args.only != name:
            continue
        with tempfile.TemporaryDirectory() as tmp, serve_fake_slack() as fake:
            url = f"sqlite:///{tmp}/bench.sqlite"
            upgrade_to_head(url)
            sessions = make_session_factory(make_engine(url))
            settings = Settings(
                team_id=TEAM_ID,
                slack_bot_token="xoxb-bench",
                slack_signing_secret=SECRET,
                slack_api_url=fake.api_url,
            )
            worker = Worker(threads=args.workers)
            app = build_app(settings, nlp, sessions, worker=worker, judging=judging)
            server = http_server(app, SECRET, "127.0.0.1", 0)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            bench = Bench(f"http://127.0.0.1:{server.port}{EVENTS_PATH}", fake, worker)
            try:
                measure(bench, args)
            finally:
                bench.client.close()
                server.shutdown()
                thread.join(10)
                worker.shutdown()
        print()


if __name__ == "__main__":
    main()
