"""The outbox's posts: one row per key, one sender per attempt, a dead sender's post recovered."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from store.models import Post, PostKind, PostStatus
from store.posts import (
    Claim,
    alert_posted_in,
    channels_with_stuck_posts,
    claim_post,
    get_post,
    mark_not_sent,
    mark_posted,
    record_post,
    release_post,
    release_uncertain,
    unposted_posts,
)

from .factories import OTHER_TEAM, TEAM

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def _record(s: Session, key: str = "summary:r1", team_id: str = TEAM, **kw: object) -> Post:
    values: dict[str, object] = {"kind": PostKind.SUMMARY, "channel": "C1", "text": "hello"}
    values.update(kw)
    post, _ = record_post(s, team_id, key=key, **values)  # type: ignore[arg-type]
    return post


def test_same_key_returns_the_post_on_record(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        first, created = record_post(
            s, TEAM, key="summary:r1", kind=PostKind.SUMMARY, channel="C1", text="first"
        )
        again, created_again = record_post(
            s, TEAM, key="summary:r1", kind=PostKind.SUMMARY, channel="C1", text="second"
        )
        elsewhere, created_elsewhere = record_post(
            s, OTHER_TEAM, key="summary:r1", kind=PostKind.SUMMARY, channel="C1", text="x"
        )
        assert (created, created_again, created_elsewhere) == (True, False, True)
        assert again.id == first.id and again.text == "first"
        assert elsewhere.id != first.id
        assert (first.status, first.attempts, first.ts) == (PostStatus.PENDING, 0, None)


def test_claim_send_and_mark(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        post_id = _record(s).id
    with session_factory.begin() as s:
        assert claim_post(s, TEAM, post_id, now=NOW, lease=LEASE) == Claim.FRESH
        assert claim_post(s, TEAM, post_id, now=NOW, lease=LEASE) is None  # held
        assert claim_post(s, OTHER_TEAM, post_id, now=NOW + LEASE * 2, lease=LEASE) is None
        assert mark_posted(s, TEAM, post_id, ts="1.000001", now=NOW)
        assert not mark_posted(s, TEAM, post_id, ts="2.000002", now=NOW)  # not claimed
        assert claim_post(s, TEAM, post_id, now=NOW + LEASE * 10, lease=LEASE) is None
    with session_factory() as s:
        post = get_post(s, TEAM, post_id)
        assert post is not None
        assert (post.status, post.ts, post.attempts) == (PostStatus.POSTED, "1.000001", 1)
        assert post.posted_at == NOW and post.lease_until is None


def test_refused_post_is_pending_again_with_its_error(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        post_id = _record(s).id
        assert claim_post(s, TEAM, post_id, now=NOW, lease=LEASE) == Claim.FRESH
        assert release_post(s, TEAM, post_id, error="not_in_channel")
        post = get_post(s, TEAM, post_id)
        assert post is not None
        assert (post.status, post.last_error) == (PostStatus.PENDING, "not_in_channel")
        assert claim_post(s, TEAM, post_id, now=NOW, lease=LEASE) == Claim.FRESH
        assert get_post(s, TEAM, post_id).attempts == 2  # type: ignore[union-attr]


def test_expired_or_uncertain_attempt_is_recovered_once(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        dead = _record(s, "summary:dead").id
        unsure = _record(s, "summary:unsure").id
        assert claim_post(s, TEAM, dead, now=NOW, lease=LEASE) == Claim.FRESH
        assert claim_post(s, TEAM, unsure, now=NOW, lease=LEASE) == Claim.FRESH
        assert release_uncertain(s, TEAM, unsure, error="http_500", now=NOW)
    later = NOW + timedelta(seconds=1)
    with session_factory.begin() as s:
        assert claim_post(s, TEAM, dead, now=later, lease=LEASE) is None  # lease still runs
        assert claim_post(s, TEAM, unsure, now=later, lease=LEASE) == Claim.RECOVERED
        assert claim_post(s, TEAM, unsure, now=later, lease=LEASE) is None
        after = NOW + LEASE + timedelta(seconds=1)
        assert claim_post(s, TEAM, dead, now=after, lease=LEASE) == Claim.RECOVERED
        assert claim_post(s, TEAM, dead, now=after, lease=LEASE) is None


def test_unposted_posts_of_a_channel(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        summary = _record(s, "summary:a", article_id=None)
        alert = _record(
            s, "alert:1:C1", kind=PostKind.ALERT, parent_id=summary.id, contradiction_id=None
        )
        _record(s, "notice:a", kind=PostKind.NOTICE)
        _record(s, "summary:b", channel="C2")
        _record(s, "summary:c", team_id=OTHER_TEAM)
        done = _record(s, "summary:d")
        claim_post(s, TEAM, done.id, now=NOW, lease=LEASE)
        mark_posted(s, TEAM, done.id, ts="1.1", now=NOW)
    with session_factory() as s:
        waiting = unposted_posts(s, TEAM, "C1")
        assert [p.key for p in waiting] == ["summary:a", "alert:1:C1"]
        assert waiting[1].parent_id == summary.id and alert.id == waiting[1].id
        assert not alert_posted_in(s, TEAM, 1, "C1")


def test_concurrent_claims_have_one_winner(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        post_id = _record(s).id
    workers = 8
    barrier = threading.Barrier(workers)
    won: list[Claim] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with session_factory() as s:
                if s.get_bind().dialect.name != "sqlite":
                    s.connection()
                barrier.wait(timeout=30)
                claim = claim_post(s, TEAM, post_id, now=NOW, lease=LEASE)
                s.commit()
            if claim is not None:
                won.append(claim)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert won == [Claim.FRESH]
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Post)) == 1
        assert get_post(s, TEAM, post_id).attempts == 1  # type: ignore[union-attr]


def test_stuck_posts_are_found_per_channel_across_workspaces(
    session_factory: sessionmaker[Session],
) -> None:
    """Refused for a reason that may pass, or of unknown outcome: found; waiting for its
    first attempt, being sent, a notice, refused for another reason (an invite): not."""
    with session_factory.begin() as s:
        refused = _record(s, "summary:refused", channel="C1").id
        unknown = _record(s, "summary:unknown", channel="C2").id
        sending = _record(s, "summary:sending", channel="C3").id
        invite = _record(s, "summary:invite", channel="C4").id
        _record(s, "summary:fresh", channel="C5")
        other = _record(s, "summary:other", team_id=OTHER_TEAM, channel="C1").id
        notice = _record(s, "notice:r1", kind=PostKind.NOTICE, channel="C6").id
    with session_factory.begin() as s:
        for team, post_id in [
            (TEAM, refused),
            (TEAM, unknown),
            (TEAM, sending),
            (TEAM, invite),
            (OTHER_TEAM, other),
            (TEAM, notice),
        ]:
            assert claim_post(s, team, post_id, now=NOW, lease=LEASE) == Claim.FRESH
        release_post(s, TEAM, refused, error="ratelimited")
        release_uncertain(s, TEAM, unknown, error="http_500", now=NOW)
        release_post(s, TEAM, invite, error="not_in_channel")
        release_post(s, OTHER_TEAM, other, error="http_503")
        release_post(s, TEAM, notice, error="could not reach the sender")
    with session_factory() as s:
        found = channels_with_stuck_posts(
            s, now=NOW + timedelta(seconds=1), errors=["ratelimited"], error_prefixes=["http_5"]
        )
    assert found == sorted([(TEAM, "C1"), (TEAM, "C2"), (OTHER_TEAM, "C1")])


def test_a_post_marked_not_sent_is_done_and_says_why(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        post_id = _record(s, "alert:1:C1", kind=PostKind.ALERT).id
    with session_factory.begin() as s:
        assert not mark_not_sent(s, TEAM, post_id, reason="dismissed", now=NOW)  # not claimed
        assert claim_post(s, TEAM, post_id, now=NOW, lease=LEASE) == Claim.FRESH
        assert mark_not_sent(s, TEAM, post_id, reason="dismissed", now=NOW)
    with session_factory() as s:
        post = get_post(s, TEAM, post_id)
        assert post is not None
        assert (post.status, post.ts, post.last_error) == (PostStatus.POSTED, None, "dismissed")
        assert claim_post(s, TEAM, post_id, now=NOW + LEASE * 2, lease=LEASE) is None
        assert unposted_posts(s, TEAM, "C1") == []
