"""Is an uploaded certificate what it claims to be? A PDF must start like a PDF, a photo must be an image.

The type a Telegram client reports (`mime_type`) is only what the sender's app guessed from the file name, so
an EXE renamed to `sertifikat.pdf` arrives as `application/pdf`. Before a file id is stored, its first bytes
(`HEAD_BYTES`, fetched through the file's `read_head`) are compared with the signatures of the formats we
take; anything else is refused with the reason, and the person is asked again.
"""

from __future__ import annotations

from bot.dialogs.engine import IncomingFile

MAX_CERTIFICATE_BYTES = 20 * 1024 * 1024
"""What a bot can download from Telegram (getFile refuses larger files)."""
HEAD_BYTES = 32
"""Enough for every signature below (HEIC's brand ends at byte 12)."""
PDF = "application/pdf"
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"})
"""Image types a document may declare; a photo is an image whatever the client says."""

_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})


def sniff(head: bytes) -> str | None:
    """The format the first bytes of a file show, as a MIME type; None when it is none we know."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    return None


def claimed(file: IncomingFile) -> str | None:
    """What the file says it is: PDF, an image, or (None) a type we do not take at all."""
    if file.kind == "photo":
        return "image"
    if file.mime_type == PDF:
        return PDF
    return "image" if file.mime_type in IMAGE_TYPES else None


def mismatch(claim: str, head: bytes) -> str | None:
    """The catalog key saying why `head` is not what `claim` says, or None when it is."""
    found = sniff(head)
    if claim == PDF:
        return None if found == PDF else "file.not_pdf"
    return None if found is not None and found.startswith("image/") else "file.not_image"


async def certificate_problem(file: IncomingFile) -> str | None:
    """None when the file may be stored as a certificate; otherwise the catalog key of the reason."""
    claim = claimed(file)
    if claim is None:
        return "error.file_type"
    if file.size is not None and file.size > MAX_CERTIFICATE_BYTES:
        return "error.file_too_large"
    if file.read_head is None:
        return "file.unreadable"
    try:
        head = await file.read_head(HEAD_BYTES)
    except OSError:  # Telegram or the network failed us: the person can simply send it again
        return "file.unreadable"
    return mismatch(claim, head)
