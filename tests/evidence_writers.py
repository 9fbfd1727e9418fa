"""Real files for the evidence tests, made by real writers: reportlab for PDFs, Pillow for
images (text rendered with Debian's DejaVu font), piexif for EXIF with GPS and serials."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def text_pdf(path: Path, pages: list[str], title: str | None = None) -> Path:
    """A PDF with a text layer, one string per page (lines wrapped at about 80 characters)."""
    import textwrap

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    if title:
        pdf.setTitle(title)
    for page in pages:
        pdf.setFont("DejaVu", 11)
        y = 800
        for paragraph in page.split("\n\n"):
            for line in textwrap.wrap(paragraph, 80):
                pdf.drawString(50, y, line)
                y -= 16
            y -= 10
        pdf.showPage()
    pdf.save()
    return path


def text_image(lines: list[str], size: int = 40) -> bytes:
    """A PNG of black text on white, as a scanner would give a typed page."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, size)
    width = max(int(font.getlength(line)) for line in lines) + 120
    picture = Image.new("L", (width, (size + 24) * len(lines) + 120), 255)
    draw = ImageDraw.Draw(picture)
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * (size + 24)), line, font=font, fill=0)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def scanned_pdf(path: Path, images: list[bytes]) -> Path:
    """A PDF whose pages are only images (no text layer): a scan."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for image in images:
        reader = ImageReader(io.BytesIO(image))
        w, h = reader.getSize()
        scale = min(500 / w, 700 / h)
        pdf.drawImage(reader, 50, 800 - h * scale, w * scale, h * scale)
        pdf.showPage()
    pdf.save()
    return path


def _rational(value: float) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return ((degrees, 1), (minutes, 1), (seconds, 100))


def photo(
    lat: float = 43.317776,
    lon: float = 45.694909,
    captured: str = "2021:03:08 14:05:09",
    camera: tuple[str, str] = ("Canon", "Canon EOS 80D"),
    serial: str = "SN-0042-8871",
    owner: str = "",
) -> bytes:
    """A JPEG photo with EXIF capture time, camera, body serial number and GPS position."""
    import piexif
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (640, 480), (120, 160, 200))
    ImageDraw.Draw(picture).rectangle((200, 150, 440, 330), fill=(90, 60, 40))
    exif: dict[str, Any] = {
        "0th": {
            piexif.ImageIFD.Make: camera[0].encode(),
            piexif.ImageIFD.Model: camera[1].encode(),
        },
        "Exif": {
            piexif.ExifIFD.DateTimeOriginal: captured.encode(),
            piexif.ExifIFD.BodySerialNumber: serial.encode(),
        },
        "GPS": {
            piexif.GPSIFD.GPSLatitudeRef: b"N" if lat >= 0 else b"S",
            piexif.GPSIFD.GPSLatitude: _rational(abs(lat)),
            piexif.GPSIFD.GPSLongitudeRef: b"E" if lon >= 0 else b"W",
            piexif.GPSIFD.GPSLongitude: _rational(abs(lon)),
        },
    }
    if owner:
        exif["Exif"][piexif.ExifIFD.CameraOwnerName] = owner.encode()
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=90, exif=piexif.dump(exif))
    return out.getvalue()


def video(created: str = "2021-03-09T18:02:11.000000Z") -> bytes:
    """A one-second MP4 written by FFmpeg's muxer (PyAV), with its container creation time."""
    import av
    import numpy as np

    out = io.BytesIO()
    container = av.open(out, mode="w", format="mp4")
    container.metadata["creation_time"] = created
    stream = container.add_stream("mpeg4", rate=5)
    stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
    for i in range(5):
        frame = av.VideoFrame.from_ndarray(
            np.full((48, 64, 3), i * 40, dtype=np.uint8), format="rgb24"
        )
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return out.getvalue()
