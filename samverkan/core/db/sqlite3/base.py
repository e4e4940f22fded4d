"""SQLite with the process's connections kept for the next request.

Django opens a connection per request (CONN_MAX_AGE=0, the only safe choice under ASGI,
where each request runs in a thread of its own). On SQLite an open costs more than most
pages: the pragmas, Django's functions, and the parse of the whole schema on the first
statement (2.7 ms in-process; a bare request cost a served worker 11.3 ms of CPU, 6.6 ms
with this pool). Here a closed connection goes back to a small pool of the process and the
next request, in whichever thread, takes it (Django opens SQLite connections with
check_same_thread=False, and the pool gives each to one thread at a time).

A transaction left open is rolled back before the connection goes back. One that met a
database error, whose file was replaced (a restore through a new file, a test database
made anew), or that belongs to another process (after a fork) is closed instead of being
reused. SAMVERKAN_DB_POOL=0 turns the pool off."""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import Any

from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

IDLE_MAX = 8  # connections kept per database file and process

_lock = threading.Lock()
_idle: dict[str, list[tuple[int, int, sqlite3.Connection]]] = {}


def _inode(name: str) -> int:
    try:
        return os.stat(name).st_ino
    except OSError:
        return -1


def pool_clear() -> None:
    """Every kept connection closed (tests that replace a database file call this)."""
    with _lock:
        kept = [conn for idle in _idle.values() for _, _, conn in idle]
        _idle.clear()
    for conn in kept:
        conn.close()


class DatabaseWrapper(SQLiteDatabaseWrapper):
    _pool_inode = -1  # the file's inode when this connection was opened

    def _pooled(self) -> bool:
        return bool(self.settings_dict.get("OPTIONS", {}).get("pool")) and not (
            self.is_in_memory_db()
        )

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        params.pop("pool", None)
        return params

    def get_new_connection(self, conn_params: dict[str, Any]) -> sqlite3.Connection:
        if self._pooled():
            name = str(self.settings_dict["NAME"])
            inode = _inode(name)
            while True:
                with _lock:
                    idle = _idle.get(name)
                    kept = idle.pop() if idle else None
                if kept is None:
                    break
                pid, kept_inode, conn = kept
                if pid == os.getpid() and kept_inode == inode:
                    self._pool_inode = inode
                    # As Django opens it (a bulk load may have turned the checks off).
                    conn.execute("PRAGMA foreign_keys = ON")
                    return conn
                if pid == os.getpid():
                    conn.close()
            self._pool_inode = inode
        return super().get_new_connection(conn_params)

    def _close(self) -> None:
        conn = self.connection
        if conn is None or not self._pooled() or self.errors_occurred:
            super()._close()  # type: ignore[misc]
            return
        if conn.in_transaction:
            with self.wrap_database_errors:
                conn.rollback()
        name = str(self.settings_dict["NAME"])
        with _lock:
            idle = _idle.setdefault(name, [])
            if len(idle) < IDLE_MAX:
                idle.append((os.getpid(), self._pool_inode, conn))
                return
        super()._close()  # type: ignore[misc]
