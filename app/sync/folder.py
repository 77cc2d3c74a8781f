"""Sync through a shared folder (Syncthing, Nextcloud, Dropbox, a network share, a USB stick).

Each device writes only its own directory, never rewrites a file, and writes
to a temporary name, fsyncs, then renames. No locks. Sync tools' temp files
are ignored; their conflict copies are read like any other file, which is safe
because applying a changeset twice changes nothing.
"""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

from app.i18n import _
from app.sync.changeset import FORMAT
from app.sync.transport import Ref, TransportError

FORMAT_FILE = "kring-format.json"
SUFFIX = ".kcs"
# 000000000001-000000000042.kcs, also as a sync tool's conflict copy of it:
# "…-042.sync-conflict-20261122-101010-ABCDEF.kcs", "…-042 (conflicted copy).kcs".
_NAME = re.compile(r"^(\d{12})-(\d{12})(?:[ .].*)?\.kcs$")
_TEMP = re.compile(r"(^\.syncthing\..*\.tmp$)|(^~syncthing~)|(\.tmp$)|(^\.kring-)|(\.partial$)")


def _error(exc: OSError, folder: Path) -> TransportError:
    if exc.errno == errno.ENOSPC:
        message = _("The shared folder's disk is full; your changes are safe here and will be "
                    "sent at the next sync.")  # fmt: skip
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        message = _("Kring may not write in the shared folder {folder}; check its permissions. "
                    "Your changes are safe here.")  # fmt: skip
    else:
        message = _("The shared folder {folder} cannot be reached (is the drive connected?). "
                    "Your changes are safe here and will be sent later.")  # fmt: skip
    return TransportError(message.format(folder=folder))


class FolderTransport:
    name = "folder"

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def _device_dir(self, community: str, device: str) -> Path:
        return self.folder / community / "devices" / device

    def check(self) -> None:
        if not self.folder.is_dir():
            raise _error(OSError(errno.ENOENT, "missing"), self.folder)

    def push(self, community: str, device: str, first: int, last: int, blob: bytes) -> None:
        self.check()
        target = self._device_dir(community, device) / f"{first:012d}-{last:012d}{SUFFIX}"
        try:
            self._ensure_format_file()
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                return
            temp = target.with_name(f".kring-{target.name}.{os.getpid()}.tmp")
            with open(temp, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
            _fsync_dir(target.parent)
        except OSError as exc:
            raise _error(exc, self.folder) from exc

    def _ensure_format_file(self) -> None:
        path = self.folder / FORMAT_FILE
        if not path.exists():
            temp = self.folder / f".kring-{FORMAT_FILE}.{os.getpid()}.tmp"
            temp.write_text(json.dumps({"format": FORMAT, "min_app_version": "0.1.0"}))
            os.replace(temp, path)

    def pushed(self, community: str, device: str) -> int:
        refs = self._refs(self._device_dir(community, device), device)
        return max((r.last for r in refs), default=0)

    def available(self, community: str, exclude: str) -> list[Ref]:
        self.check()
        devices = self.folder / community / "devices"
        try:
            names = [d for d in os.listdir(devices) if d != exclude and not d.startswith(".")]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise _error(exc, self.folder) from exc
        refs: list[Ref] = []
        for device in names:
            refs += self._refs(devices / device, device)
        return refs

    def _refs(self, directory: Path, device: str) -> list[Ref]:
        try:
            names = os.listdir(directory)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise _error(exc, self.folder) from exc
        refs = []
        for name in names:
            match = _NAME.match(name)
            if match and not _TEMP.search(name):
                refs.append(Ref(device, int(match[1]), int(match[2]), str(directory / name)))
        return refs

    def fetch(self, ref: Ref) -> bytes:
        try:
            return Path(ref.key).read_bytes()
        except FileNotFoundError:
            return b""  # removed meanwhile (compaction, a sync tool): not arrived
        except OSError as exc:
            raise _error(exc, self.folder) from exc

    def communities(self) -> list[str]:
        self.check()
        return sorted(
            p.name for p in self.folder.iterdir() if p.is_dir() and (p / "devices").is_dir()
        )


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
