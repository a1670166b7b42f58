"""Files the emulator holds: photos and documents sent by either side, addressable by file_id and path.

Telegram recompresses photos and reports their pixel size; the emulator keeps the bytes as sent and reads
the size from the image header (PNG, JPEG, GIF, WebP, BMP), so a bot that sends something that is not an
image as a photo is refused as Telegram refuses it ("IMAGE_PROCESS_FAILED").
"""

from __future__ import annotations

import mimetypes
import struct
from dataclasses import dataclass, field
from typing import Literal

FileKind = Literal["photo", "document"]


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: FileKind
    data: bytes
    filename: str
    mime_type: str
    file_path: str
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        return len(self.data)

    def photo_size(self) -> dict[str, object]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "width": self.width,
            "height": self.height,
        }

    def document(self) -> dict[str, object]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "mime_type": self.mime_type,
            "file_size": self.size,
        }


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the header of a PNG, JPEG, GIF, WebP or BMP; None when it is none of them."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return abs(int(width)), abs(int(height))
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return _webp_size(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC) and pos + 9 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return int(width), int(height)
        pos += 2 + length
    return None


@dataclass
class FileStore:
    """Every file either side sent, by file_id (for getFile and re-sending) and by path (for download);
    `downloaded` counts the bytes served per path, so a test sees how much of a file the bot fetched."""

    by_id: dict[str, StoredFile] = field(default_factory=dict)
    by_path: dict[str, StoredFile] = field(default_factory=dict)
    counter: int = 0
    downloaded: dict[str, int] = field(default_factory=dict)

    def add(
        self, kind: FileKind, data: bytes, filename: str, mime_type: str | None = None, size: tuple[int, int] = (0, 0)
    ) -> StoredFile:
        self.counter += 1
        n = self.counter
        guessed = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        extension = mimetypes.guess_extension(guessed) or ""
        if kind == "photo":
            extension = {"image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}.get(guessed, ".jpg")
        folder = "photos" if kind == "photo" else "documents"
        stored = StoredFile(
            file_id=f"{'AgAC' if kind == 'photo' else 'BQAC'}Sim{n:06d}",
            file_unique_id=f"AQADSim{n:06d}",
            kind=kind,
            data=data,
            filename=filename,
            mime_type=guessed,
            file_path=f"{folder}/file_{n}{extension}",
            width=size[0],
            height=size[1],
        )
        self.by_id[stored.file_id] = stored
        self.by_path[stored.file_path] = stored
        return stored
