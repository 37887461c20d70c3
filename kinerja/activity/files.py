"""Evidence files: the type is read from the content, never from the name.

Allowed: PDF, PNG, JPEG, GIF, WebP, Office Open XML (docx/xlsx/pptx), OpenDocument (odt/ods/odp)
and legacy Office (doc/xls/ppt). Anything else — executables, HTML, SVG, archives — is refused,
also when renamed."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import IO

OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGES


def sniff(head: bytes, fileobj: IO[bytes] | None = None) -> Sniffed | None:
    """The file's real type from its first bytes (and, for ZIP containers, its entries)."""
    if head.startswith(b"%PDF-"):
        return Sniffed("application/pdf", "pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", "png")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", "jpg")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image/gif", "gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image/webp", "webp")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Sniffed("application/vnd.ms-office", "doc")
    if head.startswith(b"PK\x03\x04") and fileobj is not None:
        return _sniff_zip(fileobj)
    return None


def _sniff_zip(fileobj: IO[bytes]) -> Sniffed | None:
    pos = fileobj.tell()
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as zf:
            names = zf.namelist()
            if "mimetype" in names:
                mime = zf.read("mimetype").decode("ascii", "replace").strip()
                if mime in ODF:
                    return Sniffed(mime, ODF[mime])
                return None
            if "[Content_Types].xml" in names:
                for prefix, (mime, ext) in OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return Sniffed(mime, ext)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    finally:
        fileobj.seek(pos)
    return None


def sha256_of(fileobj: IO[bytes]) -> tuple[str, int]:
    """SHA-256 hex digest and size, reading in chunks; the position is restored."""
    pos = fileobj.tell()
    fileobj.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(pos)
    return digest.hexdigest(), size


def read_head(fileobj: IO[bytes], n: int = 16) -> bytes:
    pos = fileobj.tell()
    fileobj.seek(0)
    head = fileobj.read(n)
    fileobj.seek(pos)
    return head


def as_binary(data: bytes) -> IO[bytes]:
    return io.BytesIO(data)
