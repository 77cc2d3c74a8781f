"""Changesets: one device's contiguous ops for one community, compressed, checksummed, versioned.

With a community key (app/sync/crypto.py) the compressed payload is sealed
with AES-GCM; the header stays plaintext (community, device, seq range,
format, key id: what a shared folder or a server needs to route it) and is
bound to the payload as associated data, so neither can be changed or swapped
without `decode` raising `Tampered`.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from app.sync import crypto
from app.sync.crypto import CommunityKey, KeyRing, Tampered
from app.sync.ops import Op

__all__ = ["FORMAT", "Header", "Incomplete", "KeyMissing", "Tampered", "TooNew",
           "decode", "decode_payload", "decrypt_payload", "encode", "read_header"]  # fmt: skip

MAGIC = b"KRING-CHANGESET\n"
FORMAT = 1  # the newest changeset format this Kring reads and writes
_AAD_KIND = "kring-changeset"
# The plaintext header fields a sealed payload is bound to (sha256 and size describe the
# ciphertext itself, so they cannot be: a payload that does not match them is Incomplete).
_AAD_FIELDS = ("community", "device", "first", "last", "count", "format", "key_id")


H = TypeVar("H", bound=Any)


class Incomplete(Exception):
    """Not (all) there yet: half-copied, truncated or failing its checksum."""


class KeyMissing(Incomplete):
    """Encrypted with a community key this device does not hold (yet): unlock the community.

    An `Incomplete`, so that code that does not know about encryption treats the
    file as not readable yet rather than failing; the sync engine reports it.
    """

    def __init__(self, device: str, key_id: str) -> None:
        super().__init__(f"needs key {key_id} (device {device})")
        self.device = device
        self.key_id = key_id


class TooNew(Exception):
    """Written by a newer Kring: left in place until this one is updated."""

    def __init__(self, device: str, version: int) -> None:
        super().__init__(f"format {version} from device {device}")
        self.device = device
        self.version = version


@dataclass(frozen=True)
class Header:
    community: str
    device: str
    first: int
    last: int
    count: int
    format: int = FORMAT
    key_id: str | None = None
    sha256: str = ""
    size: int = 0


def encode(community: str, device: str, ops: list[Op], key: CommunityKey | None = None) -> bytes:
    """A changeset of `ops`; with `key`, its payload sealed by the community key."""
    body = json.dumps([op.to_wire() for op in ops], separators=(",", ":"), ensure_ascii=False)
    payload = zlib.compress(body.encode("utf-8"), 6)
    header = Header(community, device, ops[0].seq, ops[-1].seq, len(ops), FORMAT,
                    key.key_id if key is not None else None)  # fmt: skip
    if key is not None:
        payload = crypto.seal(key, _aad(header), payload)
    header = replace(header, sha256=hashlib.sha256(payload).hexdigest(), size=len(payload))
    return MAGIC + json.dumps(header.__dict__, sort_keys=True).encode() + b"\n" + payload


def _aad(header: Header) -> bytes:
    return crypto.associated_data(_AAD_KIND, {f: getattr(header, f) for f in _AAD_FIELDS})


def read_header(blob: bytes) -> tuple[Header, bytes]:
    """The header and the payload; raises Incomplete or TooNew."""
    header, payload, intact = _split(blob)
    if not intact:
        raise Incomplete("checksum")
    return header, payload


def _split(blob: bytes) -> tuple[Header, bytes, bool]:
    """Header, payload, and whether the payload matches the header's size and checksum."""
    return split_framed(blob, MAGIC, FORMAT, Header)


def split_framed(
    blob: bytes, magic: bytes, newest: int, header_type: type[H]
) -> tuple[H, bytes, bool]:
    """A framed file (magic line, JSON header line, payload), as changesets and snapshots are.

    Raises Incomplete for a file that is not (all) there, TooNew for a newer format.
    """
    if not blob.startswith(magic):
        raise Incomplete("not a Kring file")
    end = blob.find(b"\n", len(magic))
    if end < 0:
        raise Incomplete("no header")
    try:
        raw = json.loads(blob[len(magic) : end])
    except ValueError as exc:
        raise Incomplete("bad header") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("format"), int):
        raise Incomplete("bad header")
    if raw["format"] > newest:
        raise TooNew(str(raw.get("device")), raw["format"])
    try:
        header = header_type(**{k: raw[k] for k in header_type.__dataclass_fields__ if k in raw})
    except TypeError as exc:
        raise Incomplete("bad header") from exc
    payload = blob[end + 1 :]
    intact = len(payload) == header.size and hashlib.sha256(payload).hexdigest() == header.sha256
    return header, payload, intact


def decode(blob: bytes, keys: KeyRing | None = None) -> tuple[Header, list[Op]]:
    """Header and ops. Raises Incomplete (not all there yet), TooNew, and for an encrypted
    changeset KeyMissing (no key for its key id in `keys`) or Tampered (payload or header
    changed: a file whose bytes are all there but fail the AES-GCM tag)."""
    header, payload, intact = _split(blob)
    if header.key_id is None:
        if not intact:
            raise Incomplete("checksum")
        return header, decode_payload(header, payload)
    return header, decode_payload(header, _decrypt(header, payload, intact, keys))


def decrypt_payload(header: Header, payload: bytes, keys: KeyRing | None) -> bytes:
    """The compressed payload of an encrypted changeset read with `read_header`."""
    return _decrypt(header, payload, True, keys)


def _decrypt(header: Header, payload: bytes, intact: bool, keys: KeyRing | None) -> bytes:
    key = keys.get(header.key_id) if keys is not None else None
    if key is None:
        if not intact:
            raise Incomplete("checksum")
        raise KeyMissing(header.device, str(header.key_id))
    if len(payload) != header.size:
        raise Incomplete("size")  # shorter (or longer) than written: still being copied
    # All its bytes are there: the AES-GCM tag, not the checksum, now says whether they
    # are the ones written (a checksum an attacker can recompute; the tag they cannot).
    return crypto.open_sealed(key, _aad(header), payload)


def decode_payload(header: Header, payload: bytes) -> list[Op]:
    try:
        items = json.loads(zlib.decompress(payload).decode("utf-8"))
        ops = [Op.from_wire(header.device, item) for item in items]
    except (ValueError, TypeError, zlib.error) as exc:
        raise Incomplete("unreadable payload") from exc
    seqs = [op.seq for op in ops]
    if seqs != list(range(header.first, header.last + 1)):
        raise Incomplete("seq range does not match")
    return ops
