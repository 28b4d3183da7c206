"""From paths on disk to typed input files: folder walking, gzip, format detection, size limits, decoding.

Everything that can go wrong with a file before its format is parsed is decided here, with the one-line
reasons the ingest report shows (`binary: ...`, `too-large: ...`, `bad-gzip: ...`, `unreadable: ...`).
Sizes are checked before anything is read whole, so a 5 GB file in a folder of articles costs a stat call.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from eventwire.errors import InputError
from eventwire.models import Skipped

FORMATS = ("txt", "html", "jsonl", "rss", "warc", "parquet")
_BY_EXTENSION = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "rss",
    ".atom": "rss",
    ".warc": "warc",
    ".parquet": "parquet",
}
# Files a folder walk passes over in silence: docs, code and databases that live beside reports (a README,
# a generator script, the eventwire database itself). Named on the command line, they are still read.
_NOT_REPORTS = {
    ".md", ".rst", ".py", ".sh", ".cfg", ".ini", ".toml", ".yaml", ".yml", ".css", ".js", ".lock",
    ".db", ".sqlite", ".sqlite3", ".db-wal", ".db-shm", ".db-journal", ".sqlite-wal", ".sqlite-shm",
}  # fmt: skip
_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
_SNIFF_BYTES = 64 * 1024
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it is, whether it is gzip-compressed, and its format (None: sniff it)."""

    path: Path
    gz: bool
    fmt: str | None

    @property
    def source(self) -> str:
        return str(self.path)


def iter_files(paths: Iterable[Path]) -> Iterator[InputFile | Skipped]:
    """Every input file under `paths`, folders walked recursively in sorted order, hidden files skipped.

    A `.json` file that sits beside a `.txt` of the same name is that text's metadata sidecar, not an
    input of its own; inside folders, docs, code and database files (`_NOT_REPORTS`) are passed over.
    A path that does not exist is a Skipped, so a typo is reported, not ignored.
    """
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_symlink() and not child.is_file():
                    yield Skipped(source=str(child), reason=_link_reason(child))
                    continue
                if not child.is_file():
                    continue
                if child.suffix.lower() in _NOT_REPORTS:
                    continue
                if not _is_sidecar(child):
                    yield _typed(child)
        elif path.is_file():
            if not _is_sidecar(path):
                yield _typed(path)
        elif path.exists():
            yield Skipped(source=str(path), reason="unsupported: not a regular file or folder")
        else:
            yield Skipped(source=str(path), reason="unreadable: no such file or folder")


def _link_reason(link: Path) -> str:
    """Why a symbolic link inside a folder is not read: folders behind links are not followed, so a link
    loop ("up -> ..") cannot make a walk endless or read a file twice; a dangling or looping link is named."""
    try:
        link.resolve(strict=True)
    except (OSError, RuntimeError):
        return "unsupported: broken or looping symbolic link"
    return "unsupported: symbolic link to a folder, not followed"


def sidecar_of(path: Path) -> Path | None:
    """The metadata sidecar of a text file: NAME.json (or NAME.txt.json) beside NAME.txt, if present."""
    name = path.name[: -len(".gz")] if path.name.endswith(".gz") else path.name
    for candidate in (path.with_name(Path(name).stem + ".json"), path.with_name(name + ".json")):
        if candidate.is_file():
            return candidate
    return None


def _is_sidecar(path: Path) -> bool:
    if path.suffix.lower() != ".json":
        return False
    base = path.name[: -len(".json")]
    return any(path.with_name(base + ext).is_file() for ext in (".txt", ".txt.gz", ".text")) or (
        base.endswith((".txt", ".text")) and path.with_name(base).is_file()
    )


def _typed(path: Path) -> InputFile:
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[: -len(".gz")]
    # An unknown extension (or none, or .xml) leaves the format to the content: see `sniff`.
    return InputFile(path=path, gz=gz, fmt=_BY_EXTENSION.get(Path(name).suffix))


def sniff(head: bytes, path: Path) -> str:
    """The format of a file from its first bytes; raises InputError when it is no format we read."""
    for magic, what in _SIGNATURES.items():
        if head.startswith(magic):
            raise InputError(f"unsupported: {path.name} is {what}")
    if head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"PAR1"):
        return "parquet"
    if probe.startswith(b"warc/1."):
        return "warc"  # before the NUL test: a WARC holds binary records (images) by design
    if b"\x00" in head:
        raise InputError("binary: file contains NUL bytes")
    start = probe[:2048]
    if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
        return "rss"
    if b"<html" in start or b"<!doctype html" in start:
        return "html"
    lines = [line.strip() for line in probe.splitlines()[:20] if line.strip()]
    if lines and all(line.startswith(b"{") for line in lines):
        return "jsonl"
    if path.suffix.lower() in {".xml", ".json"}:
        raise InputError(
            f"unsupported: {path.suffix} file that is neither an RSS/Atom feed nor HTML"
            if path.suffix.lower() == ".xml"
            else "unsupported: .json is read only as the sidecar of a .txt (use JSON Lines)"
        )
    return "txt"


def open_binary(item: InputFile) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip. Errors surface on read (see `read_limited`)."""
    try:
        raw = item.path.open("rb")
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror or exc}") from exc
    return gzip.GzipFile(fileobj=raw, mode="rb") if item.gz else raw  # type: ignore[return-value]


def head_bytes(item: InputFile, size: int = _SNIFF_BYTES) -> bytes:
    """The first `size` bytes (decompressed), for sniffing."""
    with open_binary(item) as fh:
        return guarded_read(fh, size)


def read_limited(item: InputFile, limit: int) -> bytes:
    """The whole file (decompressed) if it holds at most `limit` bytes, else InputError('too-large: ...').

    Plain files are judged by their size on disk before reading; gzip files are read in chunks and dropped
    as soon as they pass the limit, so neither costs more memory than the limit.
    """
    if not item.gz:
        try:
            size = item.path.stat().st_size
        except OSError as exc:
            raise InputError(f"unreadable: {exc.strerror or exc}") from exc
        if size > limit:
            raise InputError(too_large(size, limit))
    with open_binary(item) as fh:
        data = guarded_read(fh, limit + 1)
    if len(data) > limit:
        raise InputError(too_large(None, limit))
    return data


def guarded_read(fh: BinaryIO, size: int, *, line: bool = False) -> bytes:
    """fh.read(size) (or fh.readline(size)), with gzip and OS failures turned into one-line InputErrors."""
    try:
        return fh.readline(size) if line else fh.read(size)
    except EOFError as exc:
        raise InputError(f"bad-gzip: truncated gzip stream ({exc})") from exc
    except gzip.BadGzipFile as exc:
        raise InputError(f"bad-gzip: not a gzip file ({exc})") from exc
    except zlib.error as exc:
        raise InputError(f"bad-gzip: corrupt gzip data ({exc})") from exc
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror or exc}") from exc


def too_large(size: int | None, limit: int) -> str:
    """The reason for an over-size input; `size` None when reading stopped at the limit."""
    amount = f"{_human(size)} of text" if size is not None else f"more than {_human(limit)} of text"
    return f"too-large: {amount} exceeds the {_human(limit)} limit (EVENTWIRE_MAX_BYTES)"


def json_problem(exc: json.JSONDecodeError) -> str:
    """Where and why JSON failed, as a reason fragment ("column 64: Expecting ',' delimiter").

    Python's message for control characters ends in "at", expecting a position after it.
    """
    return f"column {exc.colno}: {exc.msg.removesuffix(' at')}"


def _human(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} MB"
    return f"{n / 1e3:.1f} kB" if n >= 1000 else f"{n} bytes"


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Old newsroom archives are often Latin-1 or cp1252; reading them as such repairs "café" and curly
    quotes instead of refusing the file. Bytes undefined in cp1252 fall back to Latin-1, which maps every
    byte, so decoding never fails. NUL bytes mean the file is not text at all.
    """
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        raise InputError("binary: file contains NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
