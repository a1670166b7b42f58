"""A certificate is what it claims: a PDF starts like a PDF, a photo or an image document is an image."""

from __future__ import annotations

import struct
import zlib

import pytest

from bot.certificates import HEAD_BYTES, MAX_CERTIFICATE_BYTES, certificate_problem, sniff
from bot.dialogs.engine import IncomingFile

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 40
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 40
ZIP = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40  # a .docx, say
HTML = b"<!DOCTYPE html><html><body>sertifikat</body></html>"


def png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00"))


def sent(content: bytes, *, kind: str = "document", mime_type: str | None = "application/pdf",
         size: int | None = None, asked: list[int] | None = None) -> IncomingFile:
    """A file as the router hands it over: its first bytes come from the reader, never all of it."""

    async def read_head(limit: int) -> bytes:
        if asked is not None:
            asked.append(limit)
        return content[:limit]

    return IncomingFile("file-1", kind, "sertifikat", mime_type, len(content) if size is None else size, read_head)


@pytest.mark.parametrize(("content", "found"), [
    (PDF, "application/pdf"), (JPEG, "image/jpeg"), (png(), "image/png"), (WEBP, "image/webp"),
    (HEIC, "image/heic"), (GIF, "image/gif"), (EXE, None), (ZIP, None), (HTML, None), (b"", None),
    (b" %PDF-1.4", None),  # a PDF starts with its signature, not near it
])  # fmt: skip
def test_the_first_bytes_tell_the_format(content: bytes, found: str | None) -> None:
    assert sniff(content[:HEAD_BYTES]) == found


@pytest.mark.parametrize(("content", "kind", "mime_type", "problem"), [
    (PDF, "document", "application/pdf", None),
    (EXE, "document", "application/pdf", "file.not_pdf"),
    (JPEG, "document", "application/pdf", "file.not_pdf"),
    (HTML, "document", "application/pdf", "file.not_pdf"),
    (png(), "document", "image/png", None),
    (JPEG, "document", "image/png", None),  # a picture under the wrong picture type is still a picture
    (HEIC, "document", "image/heic", None),
    (WEBP, "document", "image/webp", None),
    (EXE, "document", "image/jpeg", "file.not_image"),
    (PDF, "document", "image/jpeg", "file.not_image"),
    (JPEG, "photo", "image/jpeg", None),
    (png(), "photo", "image/jpeg", None),
    (ZIP, "photo", "image/jpeg", "file.not_image"),
    (ZIP, "document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "error.file_type"),
    (EXE, "document", "application/x-msdownload", "error.file_type"),
    (PDF, "document", None, "error.file_type"),
])  # fmt: skip
async def test_a_certificate_is_what_it_claims(content: bytes, kind: str, mime_type: str | None,
                                               problem: str | None) -> None:
    assert await certificate_problem(sent(content, kind=kind, mime_type=mime_type)) == problem


async def test_only_the_first_bytes_are_asked_for_and_only_when_the_rest_is_fine() -> None:
    asked: list[int] = []
    assert await certificate_problem(sent(PDF, asked=asked)) is None
    assert asked == [HEAD_BYTES]
    huge = sent(PDF, size=MAX_CERTIFICATE_BYTES + 1, asked=asked)
    assert await certificate_problem(huge) == "error.file_too_large"
    assert await certificate_problem(sent(EXE, mime_type="application/zip", asked=asked)) == "error.file_type"
    assert asked == [HEAD_BYTES]


async def test_a_file_that_cannot_be_fetched_is_refused_so_it_can_be_sent_again() -> None:
    async def broken(limit: int) -> bytes:
        raise OSError("timed out")

    assert await certificate_problem(IncomingFile("f", "document", "s.pdf", "application/pdf", 10, broken)) == (
        "file.unreadable")
    assert await certificate_problem(IncomingFile("f", "document", "s.pdf", "application/pdf", 10)) == (
        "file.unreadable")
