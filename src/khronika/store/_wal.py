"""A damaged write-ahead log (``STORE-wal``) found before SQLite reads it.

After a crash the changes of the last transactions are only in the -wal file. SQLite reads its
frames in order and stops, silently, at the first one whose checksum or salt does not match:
one flipped bit there drops every later change, including committed ones, and the next write
then overwrites them for good. Each frame carries the running checksum, so a frame can be
checked against the one before it: a bad frame followed by an intact commit frame of the same
log means committed changes would be lost. The store is then refused as damaged before any
connection touches it. A torn last transaction (a crash while writing it, never acknowledged)
has no intact commit frame after it and is not an error.

The -wal is read with ``os.read`` on its own descriptor: SQLite holds no lock on that file
(its locks are on the store file and the -shm), so closing the descriptor drops none.
"""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path

HEADER = 32
FRAME_HEADER = 24
MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # checksum words little- or big-endian
MASK = 0xFFFFFFFF
RECHECK_SECONDS = 0.25


def checksum(data: bytes, s0: int, s1: int, endian: str) -> tuple[int, int]:
    """SQLite's WAL checksum (``walChecksumBytes``) of ``data``, continuing from (s0, s1)."""
    words = struct.unpack(f"{endian}{len(data) // 4}I", data)
    it = iter(words)
    for a, b in zip(it, it, strict=True):
        s0 = (s0 + a + s1) & MASK
        s1 = (s1 + b + s0) & MASK
    return s0, s1


def _read(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except (FileNotFoundError, OSError):
        return None
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def wal_problem(store: Path) -> str | None:
    """What is damaged in the store's -wal, or None when SQLite will read every committed
    change in it (or there is none). Found twice, a moment apart: a frame another process is
    writing at this instant (its header written, its page not yet) is not damage."""
    if _problem(store) is None:
        return None
    time.sleep(RECHECK_SECONDS)
    return _problem(store)


def _problem(store: Path) -> str | None:
    wal = Path(f"{store}-wal")
    data = _read(wal)
    if data is None or len(data) <= HEADER:
        return None
    magic, _, page_size, _, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:HEADER])
    endian = MAGIC.get(magic)
    frame = FRAME_HEADER + page_size
    frames = (len(data) - HEADER) // frame if endian and page_size >= 512 else 0
    if endian is None or checksum(data[:24], 0, 0, endian) != (c1, c2):
        return f"the header of {wal.name} does not check: SQLite would ignore all of it"
    return _broken_frame(data, frames, frame, (salt1, salt2), (c1, c2), endian, wal.name)


def _broken_frame(
    data: bytes,
    frames: int,
    frame: int,
    salts: tuple[int, int],
    seed: tuple[int, int],
    endian: str,
    name: str,
) -> str | None:
    """The first bad frame, when an intact commit frame of the same log follows it."""
    broken: int | None = None
    previous = seed
    for index in range(frames):
        at = HEADER + index * frame
        page, commit, salt1, salt2, k1, k2 = struct.unpack(">6I", data[at : at + FRAME_HEADER])
        body = data[at : at + 8] + data[at + FRAME_HEADER : at + frame]
        intact = (
            (salt1, salt2) == salts
            and page != 0
            and (checksum(body, *previous, endian) == (k1, k2))
        )
        if broken is None and not intact:
            broken = index
        elif broken is not None and intact and commit:
            return (
                f"frame {broken + 1} of {frames} in {name} does not check, and committed "
                f"changes follow it (to frame {index + 1}) that SQLite would drop"
            )
        previous = (k1, k2)
    return None
