"""Attachments: what a photo, video, audio file or document says about itself, a thumbnail,
and a copy safe to share.

Metadata read: the type (by the file's first bytes), EXIF capture time, camera make and
model, device serial numbers, GPS position (Pillow and piexif), an XMP capture time, and an
MP4/QuickTime container's creation time. A shared copy (:func:`shareable`) keeps the pixels
and the capture time but drops the GPS position, device serial numbers, owner name, maker
notes, XMP, IPTC and comments; kinds that cannot be cleaned that way (video, audio) are not
shared as bytes at all, only their cleaned metadata (:func:`shareable_metadata`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import mimetypes
import re
import struct
from typing import Any

THUMBNAIL_PIXELS = 320
# What identifies a device or a place rather than what the picture shows.
IDENTIFYING_KEYS = frozenset({"gps", "serials", "owner", "xmp_gps"})
_SERIAL_TAGS = {42033: "body_serial", 42037: "lens_serial", 42016: "image_unique_id"}
_OWNER_TAG = 42032
_MAKER_NOTE = 37500
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF8", 0, "image/gif"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"WEBP", 8, "image/webp"),
    (b"WAVE", 8, "audio/wav"),
    (b"AVI ", 8, "video/x-msvideo"),
    (b"ftypheic", 4, "image/heic"),
    (b"ftypheix", 4, "image/heic"),
    (b"ftypmif1", 4, "image/heif"),
    (b"ftypqt", 4, "video/quicktime"),
    (b"ftypM4A", 4, "audio/mp4"),
    (b"ftyp", 4, "video/mp4"),
    (b"\x1aE\xdf\xa3", 0, "video/webm"),
    (b"OggS", 0, "audio/ogg"),
    (b"ID3", 0, "audio/mpeg"),
    (b"fLaC", 0, "audio/flac"),
    (b"%PDF", 0, "application/pdf"),
)
_PILLOW_SAVES = {"image/png": "PNG", "image/gif": "GIF", "image/tiff": "TIFF", "image/webp": "WEBP"}


def media_type(raw: bytes, name: str) -> str:
    """The file's type by its first bytes, else by its name's extension."""
    for magic, offset, kind in _SIGNATURES:
        if raw[offset : offset + len(magic)] == magic:
            return kind
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_metadata(raw: bytes, kind: str) -> dict[str, Any]:
    """What the file says about itself (empty keys left out)."""
    found: dict[str, Any] = {}
    if kind.startswith("image/"):
        found.update(_image_metadata(raw))
        found.update(_xmp_metadata(raw))
    elif kind in ("video/mp4", "video/quicktime", "audio/mp4"):
        created = mp4_created(raw)
        if created:
            found["created"] = created
    return found


def shareable_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata without GPS, device serial numbers and owner names."""
    return {k: v for k, v in metadata.items() if k not in IDENTIFYING_KEYS}


# ---- images ---------------------------------------------------------------------------------


def _image_metadata(raw: bytes) -> dict[str, Any]:
    from PIL import Image, UnidentifiedImageError

    found: dict[str, Any] = {}
    try:
        with Image.open(io.BytesIO(raw)) as picture:
            found["width"], found["height"] = picture.size
            exif = picture.info.get("exif")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return found
    if exif:
        found.update(_exif_metadata(exif if exif.startswith(b"Exif") else b"Exif\x00\x00" + exif))
    return found


def _exif_metadata(exif: bytes) -> dict[str, Any]:
    import piexif

    try:
        tags = piexif.load(exif)
    except Exception:  # noqa: BLE001 - damaged EXIF: nothing read from it
        return {}
    zeroth, sub, gps = tags.get("0th", {}), tags.get("Exif", {}), tags.get("GPS", {})
    found: dict[str, Any] = {}
    captured = _text(sub.get(piexif.ExifIFD.DateTimeOriginal)) or _text(
        zeroth.get(piexif.ImageIFD.DateTime)
    )
    if captured:
        found["captured"] = _exif_time(captured)
    make, model = _text(zeroth.get(271)), _text(zeroth.get(272))
    camera = model if make and model.startswith(make) else " ".join(t for t in (make, model) if t)
    if camera:
        found["camera"] = camera
    serials = {name: _text(sub[tag]) for tag, name in _SERIAL_TAGS.items() if sub.get(tag)}
    if serials:
        found["serials"] = serials
    if sub.get(_OWNER_TAG):
        found["owner"] = _text(sub[_OWNER_TAG])
    position = _gps(gps)
    if position:
        found["gps"] = position
    return found


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.split(b"\x00")[0].decode("utf-8", "replace").strip()
    return str(value).strip() if value is not None else ""


def _exif_time(value: str) -> str:
    """``2021:03:08 14:05:00`` -> ``2021-03-08T14:05:00`` (the camera's local time)."""
    try:
        return dt.datetime.strptime(value[:19], "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return value


def _gps(gps: dict[int, Any]) -> dict[str, float] | None:
    try:
        lat = _degrees(gps[2], gps.get(1, b"N"))
        lon = _degrees(gps[4], gps.get(3, b"E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    position = {"lat": round(lat, 6), "lon": round(lon, 6)}
    if 6 in gps:
        with contextlib.suppress(TypeError, ZeroDivisionError, IndexError):
            position["altitude"] = round(gps[6][0] / gps[6][1], 1)
    return position


def _degrees(parts: Any, ref: Any) -> float:
    d, m, s = (num / den for num, den in parts)
    value = float(d + m / 60 + s / 3600)
    return -value if _text(ref).upper() in ("S", "W") else value


_XMP_DATE = re.compile(
    rb"(?:exif:DateTimeOriginal|xmp:CreateDate|photoshop:DateCreated)"
    rb"(?:=\"|>)([0-9][0-9T:+\-.]{9,30})"
)


def _xmp_metadata(raw: bytes) -> dict[str, Any]:
    start = raw.find(b"<x:xmpmeta")
    if start < 0:
        return {}
    packet = raw[start : raw.find(b"</x:xmpmeta>", start) + 12]
    found: dict[str, Any] = {"xmp": True}
    date = _XMP_DATE.search(packet)
    if date:
        found["xmp_captured"] = date[1].decode("ascii", "replace")
    if b"GPSLatitude" in packet:
        found["xmp_gps"] = True
    return found


def thumbnail(raw: bytes, kind: str) -> bytes | None:
    """A small JPEG of an image (upright, no metadata); None for anything else."""
    if not kind.startswith("image/"):
        return None
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(raw)) as picture:
            small = ImageOps.exif_transpose(picture) or picture
            small.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            out = io.BytesIO()
            small.convert("RGB").save(out, format="JPEG", quality=80)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return out.getvalue()


def shareable(raw: bytes, kind: str) -> bytes | None:
    """A copy without GPS, device serials, owner, maker notes, XMP, IPTC and comments; None
    when this kind of file cannot be cleaned (video, audio, documents)."""
    if kind == "image/jpeg":
        return _clean_jpeg(raw)
    if kind in _PILLOW_SAVES:
        return _resaved(raw, _PILLOW_SAVES[kind])
    return None


def _resaved(raw: bytes, fmt: str) -> bytes | None:
    """The image's pixels saved again by Pillow, which writes no metadata unless asked."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(raw)) as picture:
            out = io.BytesIO()
            options = {"lossless": True} if fmt == "WEBP" else {}
            picture.save(out, format=fmt, **options)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return out.getvalue()


_DROPPED_SEGMENTS = {0xE1, 0xEC, 0xED, 0xFE}  # APP1 (Exif, XMP), APP12, APP13 (IPTC), COM


def _clean_jpeg(raw: bytes) -> bytes | None:
    """The JPEG's segments without Exif/XMP/IPTC/comments, and a cleaned Exif put back: the
    compressed picture itself is copied byte for byte."""
    exif = _exif_segment(raw)
    if not raw.startswith(b"\xff\xd8"):
        return None
    out, pos = [b"\xff\xd8"], 2
    while pos + 4 <= len(raw) and raw[pos] == 0xFF:
        marker = raw[pos + 1]
        if marker == 0xDA:  # start of scan: the rest is the picture
            break
        length = struct.unpack(">H", raw[pos + 2 : pos + 4])[0]
        segment = raw[pos : pos + 2 + length]
        if marker not in _DROPPED_SEGMENTS:
            out.append(segment)
        pos += 2 + length
    if exif:
        out.insert(1, b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif)
    return b"".join(out) + raw[pos:]


def _exif_segment(raw: bytes) -> bytes | None:
    """The JPEG's Exif without GPS, serials, owner, maker notes and embedded thumbnail."""
    import piexif

    try:
        tags = piexif.load(raw)
    except Exception:  # noqa: BLE001 - no or damaged EXIF: none is put back
        return None
    tags["GPS"], tags["1st"], tags["thumbnail"] = {}, {}, None
    for tag in (*_SERIAL_TAGS, _OWNER_TAG, _MAKER_NOTE):
        tags.get("Exif", {}).pop(tag, None)
    tags.get("0th", {}).pop(piexif.ImageIFD.GPSTag, None)
    try:
        return bytes(piexif.dump(tags))
    except Exception:  # noqa: BLE001 - a tag piexif cannot write again: no EXIF at all
        return None


# ---- video containers -----------------------------------------------------------------------

_MP4_EPOCH = dt.datetime(1904, 1, 1, tzinfo=dt.UTC)


def mp4_created(raw: bytes) -> str | None:
    """The creation time in an MP4/QuickTime file's ``moov/mvhd`` box (UTC), if set."""
    moov = _box(raw, 0, len(raw), b"moov")
    if moov is None:
        return None
    mvhd = _box(raw, moov[0], moov[1], b"mvhd")
    if mvhd is None or mvhd[1] - mvhd[0] < 12:
        return None
    version = raw[mvhd[0]]
    if version == 1:
        seconds = struct.unpack(">Q", raw[mvhd[0] + 4 : mvhd[0] + 12])[0]
    else:
        seconds = struct.unpack(">I", raw[mvhd[0] + 4 : mvhd[0] + 8])[0]
    if seconds == 0:
        return None
    try:
        return (_MP4_EPOCH + dt.timedelta(seconds=seconds)).isoformat()
    except OverflowError:
        return None


def _box(raw: bytes, start: int, end: int, name: bytes) -> tuple[int, int] | None:
    """(body start, body end) of the first box called ``name`` between start and end."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", raw[pos : pos + 8])
        header = 8
        if size == 1 and pos + 16 <= end:
            size, header = struct.unpack(">Q", raw[pos + 8 : pos + 16])[0], 16
        elif size == 0:
            size = end - pos
        if size < header:
            return None
        if kind == name:
            return pos + header, min(pos + size, end)
        pos += size
    return None
