"""Changesets: one device's contiguous ops for one community, compressed, checksummed, versioned."""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass

from app.sync.ops import Op

MAGIC = b"KRING-CHANGESET\n"
FORMAT = 1  # the newest changeset format this Kring reads and writes


class Incomplete(Exception):
    """Not (all) there yet: half-copied, truncated or failing its checksum."""


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


def encode(community: str, device: str, ops: list[Op], key_id: str | None = None) -> bytes:
    body = json.dumps([op.to_wire() for op in ops], separators=(",", ":"), ensure_ascii=False)
    payload = zlib.compress(body.encode("utf-8"), 6)
    header = Header(community, device, ops[0].seq, ops[-1].seq, len(ops), FORMAT, key_id,
                    hashlib.sha256(payload).hexdigest(), len(payload))  # fmt: skip
    return MAGIC + json.dumps(header.__dict__, sort_keys=True).encode() + b"\n" + payload


def read_header(blob: bytes) -> tuple[Header, bytes]:
    """The header and the payload; raises Incomplete or TooNew."""
    if not blob.startswith(MAGIC):
        raise Incomplete("not a changeset")
    end = blob.find(b"\n", len(MAGIC))
    if end < 0:
        raise Incomplete("no header")
    try:
        raw = json.loads(blob[len(MAGIC) : end])
    except ValueError as exc:
        raise Incomplete("bad header") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("format"), int):
        raise Incomplete("bad header")
    if raw["format"] > FORMAT:
        raise TooNew(str(raw.get("device")), raw["format"])
    try:
        header = Header(**{k: raw[k] for k in Header.__dataclass_fields__ if k in raw})
    except TypeError as exc:
        raise Incomplete("bad header") from exc
    payload = blob[end + 1 :]
    if len(payload) != header.size or hashlib.sha256(payload).hexdigest() != header.sha256:
        raise Incomplete("checksum")
    return header, payload


def decode(blob: bytes) -> tuple[Header, list[Op]]:
    header, payload = read_header(blob)
    if header.key_id is not None:
        raise Incomplete("encrypted")  # decrypting is the caller's job (sync part 2)
    return header, decode_payload(header, payload)


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
