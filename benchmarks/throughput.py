"""Articles per minute with 1, 2 and 4 worker processes on PostgreSQL, ack p99, RSS per worker.

    ./scripts/with_postgres.sh .venv/bin/python benchmarks/throughput.py [--articles 24]
        [--workers 1,2,4] [--threads 1]

For each worker count, on a fresh PostgreSQL database (from ONRECORD_TEST_POSTGRES_URL's
server): starts `onrecord serve --http --no-worker` and N `onrecord worker` processes
against the fake Slack API (tests/fake_slack.py), sends `--articles` signed `/onrecord
<pasted article>` commands (the test articles of tests/fixtures/articles, each made unique
by a closing line), and while the workers are busy keeps sending `/onrecord history …`
commands (acked, then queued as jobs) and times every HTTP answer. Throughput is the
articles filed divided by the time from the first job queued to the last job finished (from
the jobs table); the ratio is against 1 worker measured in the same run. RSS is read from
/proc for each worker process after its jobs (VmRSS now, VmHWM the peak).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, text  # noqa: E402

from store.db import normalize_url, upgrade_to_head  # noqa: E402
from tests.db import PostgresServer  # noqa: E402
from tests.fake_slack import TEAM_ID, FakeSlack, serve_fake_slack  # noqa: E402

SECRET = "0123456789abcdef0123456789abcdef"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
ONRECORD = str(Path(sys.executable).parent / "onrecord")


def signed(body: str) -> dict[str, str]:
    timestamp = str(int(time.time()))
    mac = hmac.new(SECRET.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + mac.hexdigest(),
    }


def command_body(fake: FakeSlack, text_: str, n: int) -> str:
    return urlencode(
        {
            "command": "/onrecord",
            "text": text_,
            "team_id": TEAM_ID,
            "channel_id": "CBENCH",
            "user_id": "UBENCH",
            "response_url": fake.response_url(f"bench{n}"),
            "trigger_id": f"t{n}",
        }
    )


def articles(count: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    return [
        texts[i % len(texts)].rstrip() + f"\n\nThis copy was filed for benchmark run {i}.\n"
        for i in range(count)
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            fields[name] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine so far, in clock ticks (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def database_backends(engine: Engine) -> dict[int, float]:
    """CPU seconds of this database's PostgreSQL backend processes, by pid."""
    with engine.connect() as conn:
        pids = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        found = {}
        for pid in pids:
            try:
                found[int(pid)] = cpu_seconds(int(pid))
            except OSError:
                continue
        return found


@dataclass
class Result:
    workers: int
    articles: int
    seconds: float
    acks: list[float]
    busy_acks: list[float]
    worker_rss: list[tuple[float, float]]
    web_rss: tuple[float, float]
    worker_cpu: float  # CPU seconds all workers used during the run
    web_cpu: float
    database_cpu: float  # this database's PostgreSQL backends
    machine_busy: float  # share of all cores busy during the run (everyone's work)
    load: float  # the machine's 1-minute load average when the run started

    @property
    def per_minute(self) -> float:
        return self.articles / self.seconds * 60


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise SystemExit(f"throughput: timed out waiting for {what}")


def says_running(log: Path) -> Callable[[], bool]:
    return lambda: "worker running" in log.read_text(encoding="utf-8", errors="replace")


def healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def run_config(server: PostgresServer, workers: int, threads: int, texts: list[str]) -> Result:
    name = server.create("onrecord_bench")
    url = server.url(name)
    upgrade_to_head(url)
    engine = create_engine(normalize_url(url))
    procs: list[subprocess.Popen[bytes]] = []
    logs = Path(tempfile.mkdtemp(prefix="onrecord-bench-"))
    try:
        with serve_fake_slack() as fake:
            env = {
                **os.environ,
                "ONRECORD_DATABASE_URL": url,
                "ONRECORD_TEAM_ID": TEAM_ID,
                "ONRECORD_DIGEST_CHANNEL": "",
                "ONRECORD_WORKER_POLL_SECONDS": "0.2",
                "SLACK_BOT_TOKEN": "xoxb-bench",
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_APP_TOKEN": "",
                "SLACK_API_URL": fake.api_url,
            }
            port = free_port()

            def start(log: str, *args: str) -> subprocess.Popen[bytes]:
                out = (logs / log).open("wb")
                proc = subprocess.Popen([ONRECORD, *args], env=env, stdout=out, stderr=out)
                procs.append(proc)
                return proc

            web = start("web.log", "serve", "--http", "--no-worker", "--port", str(port))
            pool = [start(f"w{n}.log", "worker", "--threads", str(threads)) for n in range(workers)]
            base = f"http://127.0.0.1:{port}"
            wait_for(lambda: healthy(base), 180, "the web process")
            for n in range(workers):
                wait_for(says_running(logs / f"w{n}.log"), 300, "the workers")
            return measure(engine, fake, base, texts, web, pool)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        engine.dispose()
        server.drop(name)


def measure(
    engine: Engine,
    fake: FakeSlack,
    base: str,
    texts: list[str],
    web: subprocess.Popen[bytes],
    pool: list[subprocess.Popen[bytes]],
) -> Result:
    client = httpx.Client(timeout=30)
    load = os.getloadavg()[0]
    cpu_before = sum(cpu_seconds(p.pid) for p in pool)
    web_before, db_before = cpu_seconds(web.pid), database_backends(engine)
    jiffies_before = machine_jiffies()
    acks: list[float] = []
    for n, article in enumerate(texts):
        body = command_body(fake, article, n)
        started = time.perf_counter()
        answer = client.post(f"{base}/slack/events", content=body, headers=signed(body))
        acks.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.text
    busy: list[float] = []
    n = len(texts)
    while unfinished_files(engine) > 0:
        n += 1
        body = command_body(fake, "history Nobody Known", n)
        started = time.perf_counter()
        answer = client.post(f"{base}/slack/events", content=body, headers=signed(body))
        busy.append(time.perf_counter() - started)
        assert answer.status_code == 200
        time.sleep(0.2)
    client.close()
    worker_cpu = sum(cpu_seconds(p.pid) for p in pool) - cpu_before
    web_cpu = cpu_seconds(web.pid) - web_before
    db_after = database_backends(engine)
    database_cpu = sum(cpu - db_before.get(pid, 0.0) for pid, cpu in db_after.items())
    jiffies_after = machine_jiffies()
    ticks_busy = jiffies_after[0] - jiffies_before[0]
    ticks_total = jiffies_after[1] - jiffies_before[1]
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT count(*), extract(epoch FROM max(finished_at) - min(created_at)),"
                " sum(CASE WHEN status = 'done' THEN 0 ELSE 1 END)"
                " FROM jobs WHERE kind = 'file'"
            )
        ).one()
    filed, seconds, not_done = int(row[0]), float(row[1]), int(row[2])
    if not_done:
        raise SystemExit(f"throughput: {not_done} article job(s) did not finish")
    return Result(
        workers=len(pool),
        articles=filed,
        seconds=seconds,
        acks=acks,
        busy_acks=busy,
        worker_rss=[rss_mb(p.pid) for p in pool],
        web_rss=rss_mb(web.pid),
        worker_cpu=worker_cpu,
        web_cpu=web_cpu,
        database_cpu=database_cpu,
        machine_busy=ticks_busy / ticks_total if ticks_total else 0.0,
        load=load,
    )


def unfinished_files(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM jobs WHERE kind = 'file' AND status <> 'done'")
            ).scalar_one()
        )


def p99(values: list[float]) -> float:
    if len(values) < 2:
        return max(values, default=0.0)
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def report(results: list[Result], threads: int) -> None:
    print(f"cores: {os.cpu_count()}; worker threads per process: {threads}")
    print("workers  articles  seconds  articles/min  ratio vs 1   ack p50/p99 ms (busy)")
    one = results[0].per_minute if results and results[0].workers == 1 else None
    for r in results:
        ratio = f"{r.per_minute / one:.2f}x" if one else "-"
        every = r.acks + r.busy_acks
        print(
            f"{r.workers:>7}  {r.articles:>8}  {r.seconds:>7.1f}  {r.per_minute:>12.1f}  "
            f"{ratio:>10}   {statistics.median(every) * 1000:.0f}/{p99(every) * 1000:.0f} "
            f"({len(r.busy_acks)} sent while busy, p99 {p99(r.busy_acks) * 1000:.0f})"
        )
    print(
        "CPU: workers' CPU s/article; cores kept busy by the workers, the web process and the"
        " database; the whole machine's cores busy (everyone); load average at start"
    )
    for r in results:
        ours = (r.worker_cpu + r.web_cpu + r.database_cpu) / r.seconds
        print(
            f"  {r.workers} worker(s): {r.worker_cpu / r.articles:.2f} s/article; "
            f"workers {r.worker_cpu / r.seconds:.2f} + web {r.web_cpu / r.seconds:.2f} + "
            f"database {r.database_cpu / r.seconds:.2f} = {ours:.2f} cores; machine "
            f"{r.machine_busy * (os.cpu_count() or 1):.2f} of {os.cpu_count()} cores busy; "
            f"load {r.load:.1f}"
        )
    print("resident memory (MB, now / peak):")
    for r in results:
        workers = ", ".join(f"{now:.0f}/{peak:.0f}" for now, peak in r.worker_rss)
        print(f"  {r.workers} worker(s): each {workers}; web {r.web_rss[0]:.0f}/{r.web_rss[1]:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--workers", default="1,2,4", help="worker process counts to run")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker process")
    args = parser.parse_args()
    base = os.environ.get("ONRECORD_TEST_POSTGRES_URL", "").strip()
    if not base:
        raise SystemExit("throughput: run under ./scripts/with_postgres.sh (needs PostgreSQL)")
    counts = [int(c) for c in args.workers.split(",")]
    texts = articles(args.articles)
    server = PostgresServer(base)
    results = []
    try:
        for count in counts:
            print(f"running {count} worker process(es)…", flush=True)
            results.append(run_config(server, count, args.threads, texts))
    finally:
        server.close()
    report(results, args.threads)


if __name__ == "__main__":
    main()
