"""Optimistic locking under real concurrency: 50 edits of one profile from two accounts, on both engines.

Two threads, each with its own session (own connection), act for two people who both manage the profile.
In each of 25 rounds both read the profile, wait for each other, then both save an edit based on what they
read: exactly one save can win each round. The test checks that no accepted edit is lost (each is in the
history with its own version, and the last one is what the profile holds) and that every loser got the
conflict error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from clusterobs.platform import (
    ConflictError,
    add_profile_member,
    create_profile,
    load_actor,
    update_profile,
)
from clusterobs.platform.models import Profile, ProfileHistory

ROUNDS = 25


def test_fifty_simultaneous_edits_lose_no_accepted_change(engine: Engine, session: Session, make: Any,
                                                          values: Callable[..., dict[str, Any]]) -> None:
    alice, bob = make.user(), make.user()
    profile = create_profile(session, make.actor(alice), values())
    add_profile_member(session, make.actor(alice), profile.id, bob.email)
    start_version = session.get(Profile, profile.id, populate_existing=True).version  # type: ignore[union-attr]
    barrier = threading.Barrier(2, timeout=60)
    accepted: list[tuple[str, int]] = []
    conflicts: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(who: str, user_id: int) -> None:
        try:
            with Session(engine, expire_on_commit=False) as s:
                actor = load_actor(s, user_id)
                for r in range(ROUNDS):
                    seen = s.get(Profile, profile.id, populate_existing=True)
                    assert seen is not None
                    version = seen.version
                    s.rollback()  # end the read: the save starts a fresh transaction
                    barrier.wait()  # both have read the same version
                    text = f"edit {r} by {who}"
                    try:
                        saved = update_profile(s, actor, profile.id, {"description": text},
                                               expected_version=version)
                        with lock:
                            accepted.append((text, saved.version))
                    except ConflictError as exc:
                        assert "was changed by someone else" in str(exc)
                        with lock:
                            conflicts.append(text)
                    barrier.wait()  # both saves are over before the next round's reads
        except BaseException as exc:  # surfaced below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=work, args=("alice", alice.id)),
               threading.Thread(target=work, args=("bob", bob.id))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    # 50 edits: one winner and one loser per round
    assert len(accepted) + len(conflicts) == 2 * ROUNDS
    assert len(accepted) == ROUNDS and len(conflicts) == ROUNDS
    # every accepted edit is in the history, with consecutive versions after the start
    history = session.scalars(select(ProfileHistory).where(ProfileHistory.profile_id == profile.id,
                                                           ProfileHistory.action == "update")
                              .order_by(ProfileHistory.version)).all()
    assert sorted(v for _t, v in accepted) == list(range(start_version + 1, start_version + ROUNDS + 1))
    assert {(h.changes["description"][1], h.version) for h in history} == set(accepted)
    # each history entry's "old" value is the previous accepted edit: nothing was overwritten unseen
    for before, after in zip(history, history[1:], strict=False):
        assert after.changes["description"][0] == before.changes["description"][1]
    final = session.get(Profile, profile.id, populate_existing=True)
    assert final is not None and final.version == start_version + ROUNDS
    assert final.description == history[-1].changes["description"][1]
    assert not set(conflicts) & {t for t, _v in accepted}


def test_a_write_between_read_and_save_is_caught_by_the_versioned_update(
        engine: Engine, session: Session, make: Any, values: Callable[..., dict[str, Any]]) -> None:
    """The deterministic version of the race: the rival commits after our version check, before our UPDATE."""
    from sqlalchemy import event

    alice, bob = make.user(), make.user()
    profile = create_profile(session, make.actor(alice), values())
    add_profile_member(session, make.actor(alice), profile.id, bob.email)
    version = session.get(Profile, profile.id, populate_existing=True).version  # type: ignore[union-attr]
    fired: list[int] = []

    with Session(engine, expire_on_commit=False) as mine, Session(engine, expire_on_commit=False) as rival:
        def rival_saves_first(_s: Session, _ctx: object, _inst: object) -> None:
            if not fired:
                fired.append(1)
                update_profile(rival, load_actor(rival, bob.id), profile.id, {"city": "Bruck"},
                               expected_version=version)

        event.listen(mine, "before_flush", rival_saves_first)
        try:
            update_profile(mine, load_actor(mine, alice.id), profile.id, {"city": "Leoben"}, expected_version=version)
        except ConflictError as exc:
            caught: ConflictError | None = exc
        else:
            caught = None
    assert fired == [1]
    assert caught is not None and caught.current_version == version + 1
    final = session.get(Profile, profile.id, populate_existing=True)
    assert final is not None and final.city == "Bruck" and final.version == version + 1
