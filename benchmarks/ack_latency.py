"""Slash-command ack latency while ingests run (target: p99 < 300 ms).

    python benchmarks/ack_latency.py [--ingests 5] [--requests 300] [--workers 2]

Serves the real Bolt app over HTTP on 127.0.0.1 (SQLite in a temp dir, the fake Slack API
from tests/fake_slack.py), starts `--ingests` long pasted-article ingests with /onrecord, then
sends signed /onrecord commands one after another (alternating `help`, answered in the ack,
and `history …`, acked and queued) and times each request until its HTTP answer. Only the
requests answered while ingests were still running are counted.
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
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.nlp.model import load_nlp  # noqa: E402
from bot.slack.app import EVENTS_PATH, build_app, http_server  # noqa: E402
from bot.slack.deps import Worker  # noqa: E402
from store.db import make_engine, make_session_factory, upgrade_to_head  # noqa: E402
from tests.fake_slack import TEAM_ID, serve_fake_slack  # noqa: E402

SECRET = "0123456789abcdef0123456789abcdef"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"


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
    """A long pasted article, different for each n (so no two are deduplicated)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    body = "\n\n".join(texts * copies)
    return f"Benchmark article number {n}\n\n{body}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ingests", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2, help="background worker threads")
    parser.add_argument("--copies", type=int, default=4, help="fixture articles per ingest x N")
    args = parser.parse_args()

    nlp = load_nlp("en_core_web_sm")
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
        worker = Worker(max_workers=args.workers)
        app = build_app(settings, nlp, sessions, worker=worker)
        server = http_server(app, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        endpoint = f"http://127.0.0.1:{server.server_address[1]}{EVENTS_PATH}"

        with httpx.Client(timeout=30) as client:
            started = time.perf_counter()
            ingest_acks = []
            for n in range(args.ingests):
                body, headers = signed_command(long_article(n, args.copies), fake.response_url())
                t0 = time.perf_counter()
                answer = client.post(endpoint, content=body, headers=headers)
                ingest_acks.append(time.perf_counter() - t0)
                assert answer.status_code == 200, answer.text
            done = threading.Event()

            def mark_done() -> None:
                worker.wait_idle(3600)
                done.set()

            threading.Thread(target=mark_done, daemon=True).start()

            latencies: list[float] = []
            for i in range(args.requests):
                if done.is_set():
                    break
                text = "help" if i % 2 == 0 else "history Khawaja Asif"
                body, headers = signed_command(text, fake.response_url())
                t0 = time.perf_counter()
                answer = client.post(endpoint, content=body, headers=headers)
                elapsed = time.perf_counter() - t0
                assert answer.status_code == 200, answer.text
                if not done.is_set():
                    latencies.append(elapsed)
                time.sleep(0.01)
            busy = not done.is_set()
            worker.wait_idle(3600)
            total = time.perf_counter() - started
        server.shutdown()
        worker.shutdown()

    summaries = len(fake.calls_to("chat.postMessage"))
    print(f"ingests: {args.ingests} pasted articles of ~{len(long_article(0, args.copies))} chars")
    print(f"worker threads: {args.workers}; all work finished after {total:.1f} s")
    print(f"summaries posted: {summaries}; ingests still running at the end of timing: {busy}")
    print(f"ingest command acks: max {max(ingest_acks) * 1000:.1f} ms")
    if not latencies:
        print("no command answered while ingests ran (ingests too short; raise --copies)")
        return
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print(f"commands acked during ingests: {len(latencies)}")
    print(
        f"ack latency: p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms, mean {statistics.fmean(latencies) * 1000:.1f} ms"
    )
    print(f"target p99 < 300 ms: {'met' if p99 < 0.300 else 'NOT met'}")


if __name__ == "__main__":
    main()
