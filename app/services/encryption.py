"""End-to-end encryption of a community: set a passphrase, unlock a device, change the passphrase.

`encrypt_community` makes a random community key. The key itself is kept on
this device only, in the store's device-local `_meta` table (`crypto.<id>.keys`;
the data file is made readable by its owner only). The OS keyring is not used:
the sync engine reads the key on its worker thread at every sync, where a
keyring prompt or a locked D-Bus session would stall it, and the `keyring`
package is not a dependency. What other devices need travels *wrapped* by the
passphrase (scrypt + AES-GCM, see app/sync/crypto.py): through a shared folder
as `<folder>/<community>/key.json` (`FolderKeySlot`), later through a server's
key slot (anything with the `KeySlot` methods). The wrapped key is not secret;
the passphrase is, and it is never stored.

Changing the passphrase re-wraps the same key: nothing already written needs
re-encrypting, and devices that hold the key keep working.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.domain.errors import KringError, NotFound, ValidationError
from app.i18n import _
from app.services.workspace import Workspace
from app.store import replica
from app.sync import crypto
from app.sync.crypto import (
    DEFAULT_PARAMS,
    BadKeyBlob,
    CommunityKey,
    KeyRing,
    ScryptParams,
    WrongPassphrase,
)
from app.sync.folder import FolderTransport, folder_error
from app.sync.transport import TransportError

MIN_PASSPHRASE = 8
KEY_FILE = "key.json"
# key.json, or a sync tool's conflict copy of it ("key.sync-conflict-….json", "key (…).json").
_KEY_FILE_NAME = re.compile(r"^key(?:[ .].*)?\.json$")

Passphrase = str | Callable[[], str | None] | None


class PassphraseNeeded(KringError):
    """The community is encrypted and no passphrase was given."""

    def __init__(self) -> None:
        super().__init__(
            _("This community's changes are encrypted: give its passphrase with "
              "--passphrase-file FILE or in the environment variable KRING_PASSPHRASE.")
        )  # fmt: skip


@dataclass(frozen=True)
class Encrypted:
    key_id: str
    wrapped: bytes  # the key wrapped by the passphrase: what other devices need
    published_to: Path | None  # the key file written in the shared folder, if one is known
    already_shared: bool  # unencrypted changes of this community were already sent


class KeySlot(Protocol):
    """Where a community's wrapped key travels: a shared folder now, a server later."""

    def read(self, community: str) -> list[bytes]:
        """Every wrapped key found for the community, the likeliest first."""
        ...

    def write(self, community: str, blob: bytes) -> object:
        """Publish the wrapped key (replacing the one there)."""
        ...


class FolderKeySlot:
    """`<folder>/<community>/key.json`: not secret (the passphrase encrypts it)."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def path(self, community: str) -> Path:
        return self.folder / community / KEY_FILE

    def read(self, community: str) -> list[bytes]:
        directory = self.folder / community
        try:
            names = [n for n in os.listdir(directory) if _KEY_FILE_NAME.match(n)]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise folder_error(exc, self.folder) from exc
        # key.json first, then conflict copies, newest first.
        found = []
        for name in names:
            try:
                found.append((name != KEY_FILE, -(directory / name).stat().st_mtime, name))
            except FileNotFoundError:
                continue
        blobs = []
        for _copy, _age, name in sorted(found):
            try:
                blobs.append((directory / name).read_bytes())
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise folder_error(exc, self.folder) from exc
        return blobs

    def write(self, community: str, blob: bytes) -> Path:
        target = self.path(community)
        if not self.folder.is_dir():
            raise folder_error(OSError(2, "missing"), self.folder)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".kring-{KEY_FILE}.{os.getpid()}.tmp")
            with open(temp, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except OSError as exc:
            raise folder_error(exc, self.folder) from exc
        return target


# --- queries -------------------------------------------------------------------------


def keys_for(ws: Workspace, community_id: str) -> KeyRing:
    """Every key this device holds for the community (empty: not encrypted here)."""
    return crypto.local_keys(ws.store, community_id)


def key_for(ws: Workspace, community_id: str) -> CommunityKey | None:
    """The key this device encrypts the community's changes with; None: not encrypted."""
    return keys_for(ws, community_id).current


def is_encrypted(ws: Workspace, community_id: str) -> bool:
    return key_for(ws, community_id) is not None


def wrapped_key(ws: Workspace, community_id: str) -> bytes | None:
    """The wrapped key this device last made or opened: what to publish (e.g. to a server)."""
    text = ws.store.meta(_wrapped_meta(community_id))
    return text.encode("utf-8") if text else None


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise ValidationError(
            _("A passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE),
            "passphrase",
        )


# --- use cases -----------------------------------------------------------------------


def encrypt_community(
    ws: Workspace,
    community_id: str,
    passphrase: str,
    *,
    folder: Path | str | None = None,
    params: ScryptParams = DEFAULT_PARAMS,
) -> Encrypted:
    """Encrypt the community's changes from now on, with a new key wrapped by `passphrase`.

    The wrapped key is written to `folder`, or to the folder of the community's
    last sync, when there is one.
    """
    _require(ws, community_id)
    check_passphrase(passphrase)
    held = key_for(ws, community_id)
    if held is not None:
        raise KringError(
            _("This community is already encrypted (key {key_id}); `kring community "
              "passphrase` changes its passphrase.").format(key_id=held.key_id)
        )  # fmt: skip
    target = _folder(ws, community_id, folder)
    if target is not None and FolderKeySlot(target).read(community_id):
        raise KringError(
            _("Another device already encrypted this community: unlock it with `kring "
              "community unlock` and that passphrase.")
        )  # fmt: skip
    key = CommunityKey.generate()
    blob = crypto.wrap(key, passphrase, params)
    with ws.store.transaction():
        crypto.save_local_keys(ws.store, community_id, KeyRing([key], key.key_id))
        ws.store.set_meta(_wrapped_meta(community_id), blob.decode("utf-8"))
    _protect(ws)
    published = _publish_to(target, community_id, blob)
    return Encrypted(key.key_id, blob, published, _already_shared(ws, community_id, target))


def change_passphrase(
    ws: Workspace,
    community_id: str,
    passphrase: str,
    *,
    folder: Path | str | None = None,
    params: ScryptParams = DEFAULT_PARAMS,
) -> Encrypted:
    """Wrap the same key with a new passphrase and publish it; nothing needs re-encrypting."""
    _require(ws, community_id)
    check_passphrase(passphrase)
    key = key_for(ws, community_id)
    if key is None:
        raise KringError(
            _("This community is not encrypted on this device; `kring community encrypt` "
              "sets a passphrase.")
        )  # fmt: skip
    blob = crypto.wrap(key, passphrase, params)
    target = _folder(ws, community_id, folder)
    # The folder first: when it cannot be reached nothing changes (TransportError).
    published = FolderKeySlot(target).write(community_id, blob) if target is not None else None
    ws.store.set_meta(_wrapped_meta(community_id), blob.decode("utf-8"))
    return Encrypted(key.key_id, blob, published, _already_shared(ws, community_id, target))


def unlock(ws: Workspace, community_id: str, wrapped_blob: bytes | str, passphrase: str) -> str:
    """Open a community's wrapped key with its passphrase and keep the key on this device.

    For a device joining an encrypted community (the community need not be here
    yet). Returns the key id; WrongPassphrase when the passphrase does not fit.
    """
    return unlock_any(ws, community_id, [_as_bytes(wrapped_blob)], passphrase)[0]


def unlock_any(ws: Workspace, community_id: str, blobs: list[bytes], passphrase: str) -> list[str]:
    """Open every wrapped key among `blobs` the passphrase fits (conflict copies may hold a
    second key, when two devices encrypted the community at once); their key ids."""
    ring = keys_for(ws, community_id)
    opened: list[str] = []
    wrong = bad = False
    first_blob: bytes | None = None
    for blob in blobs:
        try:
            key_id = crypto.read_wrapped(blob).key_id
            if key_id in ring:
                opened.append(key_id)
                continue
            key = crypto.unwrap(blob, passphrase)
        except WrongPassphrase:
            wrong = True
            continue
        except BadKeyBlob:
            bad = True
            continue
        ring = ring.with_key(key)
        opened.append(key.key_id)
        first_blob = first_blob or blob
    if not opened:
        if wrong or not bad:
            raise WrongPassphrase()
        raise BadKeyBlob(_("The community's key file is damaged or incomplete."))
    if first_blob is not None:
        with ws.store.transaction():
            crypto.save_local_keys(ws.store, community_id, ring)
            if ws.store.meta(_wrapped_meta(community_id)) is None:
                ws.store.set_meta(_wrapped_meta(community_id), first_blob.decode("utf-8"))
        _protect(ws)
    return opened


def unlock_from_folder(
    ws: Workspace, community_id: str, folder: Path | str, passphrase: str
) -> list[str]:
    """`unlock` with the key file(s) a shared folder holds for the community."""
    slot = FolderKeySlot(Path(folder).expanduser())
    FolderTransport(slot.folder).check()
    blobs = slot.read(community_id)
    if not blobs:
        raise NotFound(
            _("The shared folder {folder} holds no key file for community {id}: it is not "
              "encrypted, or its key file has not arrived yet.").format(
                folder=slot.folder, id=community_id)
        )  # fmt: skip
    return unlock_any(ws, community_id, blobs, passphrase)


def prepare_join(
    ws: Workspace, folder: Path | str, community_id: str, passphrase: Passphrase = None
) -> bool:
    """Before reading a community from a shared folder: unlock it when it is encrypted.

    `passphrase` may be a callable, asked only when one is needed (a prompt).
    Returns whether the community is encrypted; PassphraseNeeded when it is and
    no passphrase was given, WrongPassphrase when the one given does not fit.
    """
    blobs = FolderKeySlot(Path(folder).expanduser()).read(community_id)
    if not blobs:
        return False
    ring = keys_for(ws, community_id)
    ids = set()
    for blob in blobs:
        try:
            ids.add(crypto.read_wrapped(blob).key_id)
        except BadKeyBlob:
            continue
    if ids and all(key_id in ring for key_id in ids):
        return True
    given = passphrase() if callable(passphrase) else passphrase
    if not given:
        raise PassphraseNeeded()
    unlock_any(ws, community_id, blobs, given)
    return True


def publish(ws: Workspace, community_id: str, slot: KeySlot) -> bool:
    """Put this device's wrapped key in `slot` when the slot has none; whether it wrote."""
    blob = wrapped_key(ws, community_id)
    if blob is None or slot.read(community_id):
        return False
    slot.write(community_id, blob)
    return True


def ensure_published(ws: Workspace, community_id: str, folder: Path | str) -> bool:
    """Before a sync through `folder`: make sure other devices can find the wrapped key."""
    if not is_encrypted(ws, community_id):
        return False
    return publish(ws, community_id, FolderKeySlot(folder))


# --- helpers ---------------------------------------------------------------------------


def _wrapped_meta(community_id: str) -> str:
    return f"crypto.{community_id}.wrapped"


def _require(ws: Workspace, community_id: str) -> None:
    if not community_id or ws.store.get("community", community_id) is None:
        raise NotFound(_("There is no community with id {id}.").format(id=community_id))


def _folder(ws: Workspace, community_id: str, folder: Path | str | None) -> Path | None:
    if folder is not None:
        return Path(folder).expanduser()
    remembered = ws.store.meta(f"sync.{community_id}.folder")  # app.services.sync's key
    return Path(remembered) if remembered else None


def _publish_to(folder: Path | None, community_id: str, blob: bytes) -> Path | None:
    """Write the wrapped key into the shared folder; None when there is none (or it cannot be
    reached: `ensure_published` writes it at the next sync)."""
    if folder is None:
        return None
    try:
        return FolderKeySlot(folder).write(community_id, blob)
    except TransportError:
        return None


def _already_shared(ws: Workspace, community_id: str, folder: Path | None) -> bool:
    """Whether readable (unencrypted) changes of the community already left this device."""
    if folder is not None and folder.is_dir():
        try:
            return bool(FolderTransport(folder).available(community_id, exclude=""))
        except KringError:
            pass
    return bool(replica.applied(ws.store, community_id)) or (
        ws.store.meta(f"sync.{community_id}.last") is not None
    )


def _protect(ws: Workspace) -> None:
    """The data file now holds a secret: readable by its owner only (where that means
    something)."""
    if os.name != "posix":
        return
    base = ws.store.path
    for path in (base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")):
        try:
            if path.exists():
                os.chmod(path, 0o600)
        except OSError:
            pass  # not ours to change (a shared mount): the key still never leaves the device


def _as_bytes(blob: bytes | str) -> bytes:
    return blob.encode("utf-8") if isinstance(blob, str) else blob
