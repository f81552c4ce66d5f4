"""A folder of parsed reports, so that a batch run again skips the files it has already read.

Each entry is one JSON file named by a key: the SHA-256 of the PDF's bytes, the
library's version and the options that change what is read (the engine), hashed
together. A file that changed, a new soc2parse or another engine gives another
key, so an entry is never used for what it was not made from. Only parsed
reports are kept: a file that failed is tried again on the next run.

Entries are written whole (a temporary file renamed into place) as each report
arrives, so an interrupted batch keeps every report it finished. The folder
holds the reports' text: keep it as private as the reports themselves.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import attrs

from soc2parse._model import Report

__all__ = ["ResultCache", "file_sha256"]

# Bumped when the entry layout changes; entries of another layout are ignored.
_LAYOUT = 1
_CHUNK = 1 << 20


def file_sha256(path: str | os.PathLike[str]) -> str | None:
    """The hex SHA-256 of a file's bytes, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


class ResultCache:
    """Parsed reports kept in ``folder``, keyed by file content, version and options.

    Args:
        folder: where entries are kept; created when missing.
        options: what changes the result besides the file (``{"engine": "pdfium"}``).

    Raises:
        OSError: the folder cannot be created.
    """

    def __init__(self, folder: str | os.PathLike[str], options: dict[str, Any]) -> None:
        from soc2parse._version import __version__

        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._salt = json.dumps(
            {"layout": _LAYOUT, "version": __version__, **options}, sort_keys=True
        )
        self.hits = 0
        self.stored = 0

    def key(self, sha256: str) -> str:
        """The entry name for a file whose bytes hash to ``sha256``."""
        return hashlib.sha256(f"{sha256}\0{self._salt}".encode()).hexdigest()

    def _path(self, sha256: str) -> Path:
        return self.folder / f"{self.key(sha256)}.json"

    def get(self, path: str | os.PathLike[str], name: str) -> Report | None:
        """The cached report of the file at ``path`` (its source set to ``name``), or None.

        An entry that cannot be read or does not match is a miss, never an error.
        """
        sha256 = file_sha256(path)
        if sha256 is None:
            return None
        try:
            data = json.loads(self._path(sha256).read_text(encoding="utf-8"))
            report = Report.from_dict(data["report"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if report.sha256 != sha256:
            return None
        self.hits += 1
        return attrs.evolve(report, source=name)

    def put(self, report: Report) -> None:
        """Keep ``report`` under the key of its bytes; a failure to write is ignored."""
        entry = {"report": report.to_dict()}
        target = self._path(report.sha256)
        try:
            handle, temp = tempfile.mkstemp(prefix=".", suffix=".partial", dir=self.folder)
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(entry, file, ensure_ascii=False)
            os.replace(temp, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            return
        self.stored += 1

    def entries(self) -> list[Path]:
        """The entry files in the folder."""
        return sorted(p for p in self.folder.glob("*.json") if len(p.stem) == 64)

    def remove(self) -> None:
        """Delete the entries and, when it is then empty, the folder (for a finished resume)."""
        for entry in self.entries():
            with contextlib.suppress(OSError):
                entry.unlink()
        for partial in self.folder.glob(".*.partial"):
            with contextlib.suppress(OSError):
                partial.unlink()
        with contextlib.suppress(OSError):
            self.folder.rmdir()
