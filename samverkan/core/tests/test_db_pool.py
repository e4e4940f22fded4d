"""The pool of SQLite connections (samverkan/core/db/sqlite3): a request's closed
connection is the next request's, in whichever thread, and never carries anything of the
one before: not an open transaction, not a file that was replaced."""

import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import ConnectionHandler

from samverkan.core.db.sqlite3 import base


def _wrapper(path: Path, *, pool: bool = True) -> Any:
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "samverkan.core.db.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"pool": pool, "init_command": "PRAGMA journal_mode=WAL;"},
            }
        }
    )
    return handler["default"]


@pytest.fixture
def database(tmp_path: Path, django_db_blocker: Any) -> Iterator[Path]:
    """A database file of its own (not the test database)."""
    path = tmp_path / "pool.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE note (text TEXT)")
        conn.execute("INSERT INTO note VALUES ('första')")
    base.pool_clear()
    with django_db_blocker.unblock():
        yield path
    base.pool_clear()


def _notes(wrapper: Any) -> list[str]:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT text FROM note ORDER BY rowid")
        return [row[0] for row in cursor.fetchall()]


def test_a_closed_connection_is_taken_by_the_next_request_in_another_thread(
    database: Path,
) -> None:
    first = _wrapper(database)
    assert _notes(first) == ["första"]
    raw = first.connection
    first.disable_constraint_checking()  # as a bulk load leaves it
    first.close()
    assert first.connection is None

    taken: list[Any] = []

    def request() -> None:
        other = _wrapper(database)
        taken.append((_notes(other), other.connection))
        other.close()

    thread = threading.Thread(target=request)
    thread.start()
    thread.join()
    assert taken[0][0] == ["första"]
    assert taken[0][1] is raw
    # Taken as Django opens one: the foreign keys are checked again.
    again = _wrapper(database)
    with again.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    again.close()


def test_a_connection_closed_inside_a_transaction_comes_back_rolled_back(
    database: Path,
) -> None:
    first = _wrapper(database)
    first.set_autocommit(False)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES ('aldrig sparad')")
    raw = first.connection
    first.close()

    second = _wrapper(database)
    assert _notes(second) == ["första"]
    assert second.connection is raw
    assert not raw.in_transaction
    second.close()
    with sqlite3.connect(database) as outside:
        assert outside.execute("SELECT count(*) FROM note").fetchone()[0] == 1


def test_a_replaced_file_is_read_through_a_new_connection(database: Path) -> None:
    first = _wrapper(database)
    assert _notes(first) == ["första"]
    raw = first.connection
    first.close()

    replacement = database.with_name("ny.sqlite3")
    with sqlite3.connect(replacement) as conn:
        conn.execute("CREATE TABLE note (text TEXT)")
        conn.execute("INSERT INTO note VALUES ('återställd')")
    os.replace(replacement, database)

    second = _wrapper(database)
    assert _notes(second) == ["återställd"]
    assert second.connection is not raw
    second.close()


def test_at_most_idle_max_connections_are_kept(database: Path) -> None:
    wrappers = [_wrapper(database) for _ in range(base.IDLE_MAX + 3)]
    for wrapper in wrappers:
        _notes(wrapper)
    raws = [w.connection for w in wrappers]
    for wrapper in wrappers:
        wrapper.close()
    assert len(base._idle[str(database)]) == base.IDLE_MAX
    # The ones beyond were closed, not kept.
    with pytest.raises(sqlite3.ProgrammingError):
        raws[-1].execute("SELECT 1")


def test_without_the_pool_a_closed_connection_is_closed(database: Path) -> None:
    wrapper = _wrapper(database, pool=False)
    _notes(wrapper)
    raw = wrapper.connection
    wrapper.close()
    assert str(database) not in base._idle
    with pytest.raises(sqlite3.ProgrammingError):
        raw.execute("SELECT 1")


def test_a_connection_that_met_a_database_error_is_closed_not_kept(database: Path) -> None:
    wrapper = _wrapper(database)
    _notes(wrapper)
    raw = wrapper.connection
    wrapper.errors_occurred = True  # as Django marks it after an OperationalError
    wrapper.close()
    assert not base._idle.get(str(database))
    with pytest.raises(sqlite3.ProgrammingError):
        raw.execute("SELECT 1")
