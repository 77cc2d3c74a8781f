"""End-to-end encryption of a community's changesets and snapshots (optional, per community).

A community key is 32 random bytes. It never leaves a device in the clear:
what travels (a shared folder's `<community>/key.json`, later a server's key
slot) is the key *wrapped*: encrypted with AES-256-GCM under a key derived
from the community's passphrase by scrypt. The scrypt parameters and the salt
are recorded in the wrapped blob, so they can be raised later without breaking
older blobs.

Payloads (the compressed ops of a changeset, the body of a snapshot) are
sealed with AES-256-GCM under the community key, a random 96-bit nonce each,
with the plaintext header fields as associated data: a header cannot be
swapped onto another payload, nor a seq range edited, without the tag failing.

The key id, a short hash of the key, is what headers name: it says which key a
payload needs without revealing anything about the key.

On a device the unwrapped keys live in the device-local `_meta` table of the
store (`crypto.<community>.keys`), never in a synced table: see
`local_keys` / `save_local_keys`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.domain.errors import KringError
from app.i18n import _

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # 96 bits, AES-GCM's native nonce size
SALT_BYTES = 16
KEY_ID_CHARS = 16  # hex digits of the key's hash: 64 bits, plenty to tell keys apart
BLOB_KIND = "kring-community-key"
BLOB_VERSION = 1
_KEY_ID_DOMAIN = b"kring key id\x00"
_WRAP_DOMAIN = "kring-wrap"


class CryptoError(KringError):
    """Something about a community key or an encrypted payload; the message says what."""


class WrongPassphrase(CryptoError):
    """The passphrase does not open the wrapped community key."""

    def __init__(self) -> None:
        super().__init__(_("That passphrase does not open this community's changes."))


class BadKeyBlob(CryptoError):
    """A wrapped key that is not one (half-copied, edited, or from a newer Kring)."""


class Tampered(CryptoError):
    """An encrypted payload or its header was changed after it was written: never applied."""

    def __init__(self, what: str = "") -> None:
        super().__init__(_("A change file was altered after it was written; Kring refused it."))
        self.what = what  # for logs and tests: "short", or "" (the tag did not match)


# --- keys ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CommunityKey:
    """A community's 256-bit key; `key_id` is the short public name headers carry."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.secret, bytes) or len(self.secret) != KEY_BYTES:
            raise ValueError("a community key is 32 bytes")

    @classmethod
    def generate(cls) -> CommunityKey:
        return cls(os.urandom(KEY_BYTES))

    @property
    def key_id(self) -> str:
        return hashlib.sha256(_KEY_ID_DOMAIN + self.secret).hexdigest()[:KEY_ID_CHARS]

    def to_text(self) -> str:
        """For the device-local store only: never for a shared folder or a server."""
        return _b64(self.secret)

    @classmethod
    def from_text(cls, text: str) -> CommunityKey:
        return cls(_unb64(text))


class KeyRing:
    """The community keys a device holds, by key id; `current` encrypts what it writes."""

    def __init__(self, keys: Iterable[CommunityKey] = (), current: str | None = None) -> None:
        self._keys = {key.key_id: key for key in keys}
        if current is not None and current not in self._keys:
            raise ValueError("the current key must be in the ring")
        self._current = current if current is not None else next(iter(self._keys), None)

    @property
    def current(self) -> CommunityKey | None:
        return self._keys[self._current] if self._current else None

    def get(self, key_id: object) -> CommunityKey | None:
        return self._keys.get(key_id) if isinstance(key_id, str) else None

    def with_key(self, key: CommunityKey, *, current: bool = False) -> KeyRing:
        keys = {**self._keys, key.key_id: key}
        now = key.key_id if current or self._current is None else self._current
        return KeyRing(keys.values(), now)

    def __contains__(self, key_id: object) -> bool:
        return self.get(key_id) is not None

    def __iter__(self) -> Iterator[CommunityKey]:
        return iter(self._keys.values())

    def __len__(self) -> int:
        return len(self._keys)

    def ids(self) -> list[str]:
        return sorted(self._keys)

    def to_json(self) -> str:
        return json.dumps(
            {"current": self._current, "keys": {k: v.to_text() for k, v in self._keys.items()}},
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | None) -> KeyRing:
        if not text:
            return cls()
        raw = json.loads(text)
        return cls([CommunityKey.from_text(v) for v in raw["keys"].values()], raw.get("current"))


# --- where a device keeps its keys -----------------------------------------------------


class MetaStore(Protocol):
    """What `local_keys` needs of a store (app.store.db.Store): its device-local `_meta`."""

    def meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...


def meta_key(community: str) -> str:
    return f"crypto.{community}.keys"


def local_keys(store: MetaStore, community: str) -> KeyRing:
    """The keys this device holds for a community (an empty ring: not encrypted here)."""
    return KeyRing.from_json(store.meta(meta_key(community)))


def save_local_keys(store: MetaStore, community: str, ring: KeyRing) -> None:
    store.set_meta(meta_key(community), ring.to_json())


# --- wrapping the key with a passphrase ------------------------------------------------


@dataclass(frozen=True)
class ScryptParams:
    """scrypt cost. The default, n=2**16, r=8, p=1, needs 64 MiB and took 0.22-0.28 s per
    derivation on the 2-core test machine (0.8 s under heavy load; n=2**15: 0.09-0.14 s).
    Raising it later is safe: every wrapped key records the settings that open it."""

    n: int = 2**16
    r: int = 8
    p: int = 1

    def check(self) -> None:
        """Refuse costs no honest Kring writes (a crafted key.json must not eat the memory)."""
        ok = (
            all(isinstance(v, int) and not isinstance(v, bool) for v in (self.n, self.r, self.p))
            and 2**10 <= self.n <= 2**20
            and self.n & (self.n - 1) == 0
            and 1 <= self.r <= 32
            and 1 <= self.p <= 16
            and 128 * self.n * self.r <= 1 << 30
        )
        if not ok:
            raise BadKeyBlob(_("The community's key file asks for unsupported settings."))


DEFAULT_PARAMS = ScryptParams()


def normalize_passphrase(passphrase: str) -> bytes:
    """The same passphrase typed on any system gives the same bytes (Unicode NFC)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _kek(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p)
    return kdf.derive(normalize_passphrase(passphrase))


def _wrap_aad(key_id: str, params: ScryptParams) -> bytes:
    return associated_data(_WRAP_DOMAIN, {"key_id": key_id, "n": params.n, "p": params.p,
                                          "r": params.r, "version": BLOB_VERSION})  # fmt: skip


def wrap(key: CommunityKey, passphrase: str, params: ScryptParams = DEFAULT_PARAMS) -> bytes:
    """The key encrypted by the passphrase, as JSON bytes: safe to publish with the community."""
    params.check()
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    sealed = AESGCM(_kek(passphrase, salt, params)).encrypt(
        nonce, key.secret, _wrap_aad(key.key_id, params)
    )
    blob = {
        "kind": BLOB_KIND,
        "version": BLOB_VERSION,
        "key_id": key.key_id,
        "kdf": "scrypt",
        "params": {"n": params.n, "r": params.r, "p": params.p},
        "salt": _b64(salt),
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
        "ciphertext": _b64(sealed),
    }
    return (json.dumps(blob, indent=2, sort_keys=True) + "\n").encode("utf-8")


@dataclass(frozen=True)
class WrappedKey:
    key_id: str
    params: ScryptParams
    salt: bytes
    nonce: bytes
    ciphertext: bytes


def read_wrapped(blob: bytes | str) -> WrappedKey:
    """Parse a wrapped key blob; BadKeyBlob when it is not one (half-copied, edited, newer)."""
    try:
        raw = json.loads(blob)
        if raw.get("kind") != BLOB_KIND or raw.get("kdf") != "scrypt":
            raise ValueError("kind")
        if raw.get("version") != BLOB_VERSION or raw.get("cipher") != "AES-256-GCM":
            raise ValueError("version")
        params = ScryptParams(int(raw["params"]["n"]), int(raw["params"]["r"]),
                              int(raw["params"]["p"]))  # fmt: skip
        wrapped = WrappedKey(str(raw["key_id"]), params, _unb64(raw["salt"]),
                             _unb64(raw["nonce"]), _unb64(raw["ciphertext"]))  # fmt: skip
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BadKeyBlob(_("The community's key file is damaged or incomplete.")) from exc
    params.check()
    if len(wrapped.nonce) != NONCE_BYTES or len(wrapped.salt) < SALT_BYTES:
        raise BadKeyBlob(_("The community's key file is damaged or incomplete."))
    return wrapped


def unwrap(blob: bytes | str, passphrase: str) -> CommunityKey:
    """The community key from its wrapped blob, with the scrypt settings the blob records."""
    wrapped = read_wrapped(blob)
    kek = _kek(passphrase, wrapped.salt, wrapped.params)
    try:
        secret = AESGCM(kek).decrypt(
            wrapped.nonce, wrapped.ciphertext, _wrap_aad(wrapped.key_id, wrapped.params)
        )
    except InvalidTag as exc:
        raise WrongPassphrase() from exc
    key = CommunityKey(secret)
    if key.key_id != wrapped.key_id:
        raise BadKeyBlob(_("The community's key file is damaged or incomplete."))
    return key


def rewrap(blob: bytes | str, old: str, new: str, params: ScryptParams = DEFAULT_PARAMS) -> bytes:
    """The same key under a new passphrase (and, given, new scrypt settings)."""
    return wrap(unwrap(blob, old), new, params)


# --- sealing payloads ----------------------------------------------------------------


def associated_data(kind: str, fields: Mapping[str, Any]) -> bytes:
    """Canonical bytes of plaintext header fields, bound to a payload as GCM associated data."""
    text = json.dumps(dict(fields), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return kind.encode("ascii") + b"\x00" + text.encode("ascii")


def seal(key: CommunityKey, aad: bytes, plaintext: bytes) -> bytes:
    """nonce (12 bytes) + AES-GCM ciphertext and tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key.secret).encrypt(nonce, plaintext, aad)


def open_sealed(key: CommunityKey, aad: bytes, sealed: bytes) -> bytes:
    """The plaintext of `seal`; Tampered when payload, header or key id do not match."""
    if len(sealed) < NONCE_BYTES + 16:
        raise Tampered("short")
    try:
        return AESGCM(key.secret).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise Tampered() from exc


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
