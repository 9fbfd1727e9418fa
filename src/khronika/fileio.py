"""Files khronika writes for the user (exports, signatures): private, and never half-written.

An export is written to a temporary file beside its target (mode 0600), flushed to disk, then
renamed over the target in one step: a command killed half-way leaves the previous export
whole (and a temporary file that the next write to the same target removes), never a
truncated one.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o600
_TEMP_MARK = ".khronika-tmp-"


def temporary_beside(path: Path) -> Path:
    """Where a new version of ``path`` is written before it replaces ``path``."""
    return path.with_name(f".{path.name}{_TEMP_MARK}{os.getpid()}")


def leftovers(path: Path) -> list[Path]:
    """Temporary files of earlier writes to ``path`` that were interrupted (their process is
    gone; a write still running in another process is left alone)."""
    found = path.parent.glob(f".{path.name}{_TEMP_MARK}*")
    return sorted(p for p in found if not _alive(p.name.rsplit("-", 1)[-1]))


def _alive(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return int(pid) != os.getpid()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step; the file is created with mode 0600."""
    for stale in leftovers(path):
        stale.unlink(missing_ok=True)
    temp = temporary_beside(path)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (the folder's entry), where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
