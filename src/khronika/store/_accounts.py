"""Accounts, sessions and failed logins (the password and token are hashed by the caller)."""

from __future__ import annotations

from ._helpers import Connected, _now
from .results import AccountRow, SessionUser, UserRow


class AccountsMixin(Connected):
    """The web app's accounts, their sessions and failed logins, as :class:`Store` keeps them."""

    def user_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM users").fetchone()[0])

    def add_user(self, name: str, role: str, password_hash: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET role = excluded.role,"
                " password_hash = excluded.password_hash",
                (name, role, password_hash, _now()),
            )

    def user(self, name: str) -> UserRow | None:
        """The account's role and password hash, or None."""
        row = self.db.execute(
            "SELECT role, password_hash FROM users WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else UserRow(str(row[0]), str(row[1]))

    def add_session(self, token_hash: str, name: str, expires_at: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM sessions WHERE expires_at < ?", (_now(),))
            self.db.execute(
                "INSERT INTO sessions (token_hash, name, expires_at) VALUES (?, ?, ?)",
                (token_hash, name, expires_at),
            )

    def session_user(self, token_hash: str) -> SessionUser | None:
        """The name and role of an unexpired session's account, or None."""
        row = self.db.execute(
            "SELECT u.name, u.role FROM sessions s JOIN users u ON u.name = s.name"
            " WHERE s.token_hash = ? AND s.expires_at >= ?",
            (token_hash, _now()),
        ).fetchone()
        return None if row is None else SessionUser(str(row[0]), str(row[1]))

    def delete_session(self, token_hash: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))

    def users(self) -> list[AccountRow]:
        """Every account, by name."""
        rows = self.db.execute("SELECT name, role FROM users ORDER BY name")
        return [AccountRow(str(n), str(r)) for n, r in rows]

    def set_role(self, name: str, role: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))

    def remove_user(self, name: str) -> None:
        """Remove an account; its sessions end with it."""
        with self.transaction():
            self.db.execute("DELETE FROM sessions WHERE name = ?", (name,))
            self.db.execute("DELETE FROM users WHERE name = ?", (name,))

    def end_sessions(self, name: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM sessions WHERE name = ?", (name,))

    def add_login_failure(self, name: str, client: str, at: str, keep_after: str) -> None:
        """Note a failed login; failures older than ``keep_after`` are forgotten."""
        with self.transaction():
            self.db.execute("DELETE FROM login_failures WHERE at < ?", (keep_after,))
            self.db.execute(
                "INSERT INTO login_failures (at, name, client) VALUES (?, ?, ?)",
                (at, name, client),
            )

    def login_failures(
        self, since: str, *, name: str | None = None, client: str | None = None
    ) -> list[str]:
        """When logins failed since ``since`` for this account name (or, without a name,
        from this client address), newest first."""
        column, value = ("name", name) if name is not None else ("client", client or "")
        rows = self.db.execute(
            f"SELECT at FROM login_failures WHERE {column} = ? AND at >= ? ORDER BY at DESC",
            (value, since),
        )
        return [str(r[0]) for r in rows]

    def clear_login_failures(self, name: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM login_failures WHERE name = ?", (name,))
