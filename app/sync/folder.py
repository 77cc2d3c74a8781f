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
from app.sync.snapshot import SUFFIX as SNAPSHOT_SUFFIX
from app.sync.snapshot import SnapshotRef, file_stamp
from app.sync.transport import Ref, TransportError

FORMAT_FILE = "kring-format.json"
SUFFIX = ".kcs"
APPLIED_FILE = "applied.json"  # per device: how far it has applied everyone's changesets
# 000000000001-000000000042.kcs, also as a sync tool's conflict copy of it:
# "…-042.sync-conflict-20261122-101010-ABCDEF.kcs", "…-042 (conflicted copy).kcs".
_NAME = re.compile(r"^(\d{12})-(\d{12})(?:[ .].*)?\.kcs$")
# <device id>-<16 hex digits of its clock>.kss, or a sync tool's conflict copy of it.
_SNAPSHOT_NAME = re.compile(r"^([0-9A-Za-z-]+?)-([0-9a-f]{16})(?:[ .].*)?\.kss$")
_TEMP = re.compile(r"(^\.syncthing\..*\.tmp$)|(^~syncthing~)|(\.tmp$)|(^\.kring-)|(\.partial$)")


def folder_error(exc: OSError, folder: Path) -> TransportError:
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
            raise folder_error(OSError(errno.ENOENT, "missing"), self.folder)

    def push(self, community: str, device: str, first: int, last: int, blob: bytes) -> None:
        self.check()
        target = self._device_dir(community, device) / f"{first:012d}-{last:012d}{SUFFIX}"
        self._write_new(target, blob)

    def _write_new(self, target: Path, blob: bytes) -> None:
        """Write a file that never changes once there: temp name, fsync, rename."""
        try:
            self._ensure_format_file()
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                _write_atomic(target, blob)
        except OSError as exc:
            raise folder_error(exc, self.folder) from exc

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
            raise folder_error(exc, self.folder) from exc
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
            raise folder_error(exc, self.folder) from exc
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
            raise folder_error(exc, self.folder) from exc

    def device_refs(self, community: str, device: str) -> list[Ref]:
        """One device's changesets (this device's own, for compaction)."""
        self.check()
        return self._refs(self._device_dir(community, device), device)

    # --- snapshots and compaction -------------------------------------------------

    def _snapshot_dir(self, community: str) -> Path:
        return self.folder / community / "snapshots"

    def snapshots(self, community: str) -> list[SnapshotRef]:
        self.check()
        directory = self._snapshot_dir(community)
        try:
            names = os.listdir(directory)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise folder_error(exc, self.folder) from exc
        refs = []
        for name in names:
            match = _SNAPSHOT_NAME.match(name)
            if match and not _TEMP.search(name):
                refs.append(SnapshotRef(match[2], match[1], str(directory / name)))
        return refs

    def put_snapshot(self, community: str, device: str, hlc: str, blob: bytes) -> SnapshotRef:
        self.check()
        name = f"{device}-{file_stamp(hlc)}{SNAPSHOT_SUFFIX}"
        self._write_new(self._snapshot_dir(community) / name, blob)
        return SnapshotRef(file_stamp(hlc), device, str(self._snapshot_dir(community) / name))

    def fetch_snapshot(self, ref: SnapshotRef) -> bytes:
        return self.fetch(Ref(ref.device, 0, 0, ref.key))

    def remove(self, community: str, device: str, keys: list[str]) -> int:
        """Delete some of this device's own files; never another device's."""
        own_dir, snapshots = self._device_dir(community, device), self._snapshot_dir(community)
        removed = 0
        for key in keys:
            path = Path(key)
            mine = path.parent == own_dir or (
                path.parent == snapshots and path.name.startswith(f"{device}-")
            )
            if not mine:
                raise ValueError(f"{key} is not a file of device {device}")
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise folder_error(exc, self.folder) from exc
        return removed

    def applied_by_device(self, community: str) -> dict[str, dict[str, int]]:
        """Every device known in the folder, with what it last said it had applied."""
        self.check()
        devices = self.folder / community / "devices"
        try:
            names = [d for d in os.listdir(devices) if not d.startswith(".")]
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise folder_error(exc, self.folder) from exc
        found: dict[str, dict[str, int]] = {}
        for device in names:
            if (devices / device).is_dir():
                found[device] = _read_applied(devices / device / APPLIED_FILE)
        return found

    def write_applied(self, community: str, device: str, applied: dict[str, int]) -> bool:
        """Record what this device has applied; False (and no write) when unchanged."""
        path = self._device_dir(community, device) / APPLIED_FILE
        text = json.dumps({"applied": applied, "device": device, "format": 1}, sort_keys=True)
        try:
            if path.exists() and path.read_text(encoding="utf-8") == text:
                return False
            self._ensure_format_file()
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            raise folder_error(exc, self.folder) from exc
        return True

    def communities(self) -> list[str]:
        self.check()
        return sorted(
            p.name for p in self.folder.iterdir() if p.is_dir() and (p / "devices").is_dir()
        )


def _read_applied(path: Path) -> dict[str, int]:
    """A device's applied.json; missing or half-copied reads as "applied nothing"."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): int(v) for k, v in raw["applied"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_atomic(target: Path, blob: bytes) -> None:
    temp = target.with_name(f".kring-{target.name}.{os.getpid()}.tmp")
    with open(temp, "wb") as handle:
        handle.write(blob)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, target)
    _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
