"""Sync through a Kring server over HTTP: the transport (blocking and async), joining, errors.

`HttpTransport` is what the sync engine uses, in the thread that owns the
store (a worker thread in the app). `AsyncHttpTransport` offers the same calls
as coroutines on the qasync loop, for quick checks that must never block the
window (is the server reachable, how much is waiting). Both give up quickly
when the server cannot be reached (a short connect timeout, one retry), retry
a bounded number of times with exponential backoff on server errors and
dropped connections, and wait as long as a 429's Retry-After asks (up to a
limit). Every failure is a `TransportError` whose message a facilitator can act
on; nothing local is touched by a failed request.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from app import __version__
from app.i18n import _
from app.sync.snapshot import SnapshotRef
from app.sync.transport import Ref, TransportError

CONNECT_TIMEOUT = 3.0  # seconds: an unreachable server is reported this fast
READ_TIMEOUT = 30.0
PAGE = 200  # changesets asked per page (the server may send fewer)


class ServerError(TransportError):
    """The server answered with an error, or could not be reached; `code` says which."""

    def __init__(self, message: str, code: str, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def unreachable() -> ServerError:
    return ServerError(
        _("Can't reach the server — your changes are safe and will be sent later."), "unreachable"
    )


# fmt: off
def _messages() -> dict[str, str]:
    """What to tell the facilitator, by the server's error code."""
    revoked = _("The server no longer accepts this device (its access was revoked or replaced); "
                "ask the community's server admin for a new invite. Your changes are safe here.")
    return {
        "token_missing": revoked, "token_invalid": revoked, "token_revoked": revoked,
        "wrong_community": _("This device's access on the server is for another community."),
        "invite_unknown": _("The server does not know this invite code; check it for typos."),
        "invite_expired": _("This invite code has expired; ask the server admin for a new one."),
        "invite_used_up": _("This invite code has been used up; ask the server admin for a new "
                            "one."),
        "device_revoked": _("This device's access to the community was revoked; it cannot join "
                            "it again."),
        "community_bound_elsewhere": _("That server community already holds another community; "
                                       "ask the server admin for an invite to a new one."),
        "body_too_large": _("A batch of changes is larger than the server accepts; ask the "
                            "server admin to raise its limit. Your changes are safe here."),
        "rate_limited": _("The server is busy; your changes are safe and will be sent at the "
                          "next sync."),
        "timeout": _("The server is not answering in time — your changes are safe and will be "
                     "sent later."),
        "server_error": _("The server has a problem right now — your changes are safe and will "
                          "be sent later."),
    }
# fmt: on


def error_from(response: httpx.Response) -> ServerError:
    try:
        body = response.json()
        code, detail = str(body["code"]), str(body.get("message", ""))
    except (ValueError, KeyError, TypeError):
        code, detail = ("server_error" if response.status_code >= 500 else "http_error"), ""
    if response.status_code >= 500 and code != "storage_unavailable":
        code = "server_error"
    message = _messages().get(code) or (
        _messages()["server_error"]
        if response.status_code >= 500
        else _("The server refused the request: {detail}").format(
            detail=detail or response.status_code
        )
    )
    return ServerError(message, code, response.status_code)


@dataclass(frozen=True)
class Retry:
    """How often and how long to try again (all bounded: a sync never hangs)."""

    attempts: int = 4  # per request, on 5xx, 429 and dropped connections
    connect_attempts: int = 2  # on a refused or timed-out connection
    timeout_attempts: int = 2  # on a server too slow to answer
    backoff: float = 0.5  # seconds before the 2nd attempt; doubles each time
    max_backoff: float = 8.0
    max_retry_after: float = 60.0  # a longer Retry-After fails now (the next sync retries)

    def after_error(self, exc: httpx.HTTPError, attempt: int, idempotent: bool) -> float | None:
        """Seconds to wait before the next attempt after a network error, or None: give up."""
        if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
            limit = self.connect_attempts
        elif not idempotent:
            return None  # the server may have acted on it: never send it twice
        elif isinstance(exc, httpx.TimeoutException):
            limit = self.timeout_attempts
        else:
            limit = self.attempts
        return self._backoff(attempt) if attempt + 1 < limit else None

    def after_response(self, response: httpx.Response, attempt: int) -> float | None:
        if attempt + 1 >= self.attempts:
            return None
        status = response.status_code
        if status == 429 or (status == 503 and "retry-after" in response.headers):
            wait = retry_after(response.headers.get("retry-after"))
            return wait if wait is not None and wait <= self.max_retry_after else None
        if status in (500, 502, 503, 504):
            return self._backoff(attempt)
        return None

    def _backoff(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * 2**attempt)


def retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _failure(exc: httpx.HTTPError) -> ServerError:
    if isinstance(exc, httpx.TimeoutException) and not isinstance(exc, httpx.ConnectTimeout):
        return ServerError(_messages()["timeout"], "timeout")
    return unreachable()


def _client_options(base_url: str, token: str | None, connect: float, read: float) -> dict:
    headers = {"User-Agent": f"Kring/{__version__}"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return {
        "base_url": base_url.rstrip("/"),
        "headers": headers,
        "timeout": httpx.Timeout(read, connect=connect),
    }


@dataclass(frozen=True)
class Joined:
    token: str
    community_on_server: str
    name: str
    local_community: str | None


class _Api:
    """What the blocking and the async transport share: paths, retry decisions, parsing."""

    name = "server"

    def __init__(
        self,
        base_url: str,
        token: str,
        community_on_server: str,
        *,
        cursor: int = 0,
        page: int = PAGE,
        retry: Retry | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        timeout: float = READ_TIMEOUT,
    ) -> None:
        self.options = _client_options(base_url, token, connect_timeout, timeout)
        self.base_url = base_url.rstrip("/")
        self.community_on_server = community_on_server
        self.retry = retry or Retry()
        self.cursor = cursor  # pulls start after this server cursor
        self.listed_through = cursor  # how far `available` has listed
        self.page = page
        self.blobs: dict[str, bytes] = {}
        self.refs: dict[str, Ref] = {}  # everything listed so far, by key
        self.cursors: dict[str, int] = {}  # ref key: its server cursor
        self._snapshot: tuple[SnapshotRef, int, bytes] | None = None

    def _wait(
        self, attempt: int, idempotent: bool, outcome: httpx.Response | httpx.HTTPError
    ) -> float:
        """After a failed attempt: seconds to wait before the next, or raise what to report."""
        if isinstance(outcome, httpx.Response):
            wait = self.retry.after_response(outcome, attempt)
            if wait is None:
                raise error_from(outcome)
        else:
            wait = self.retry.after_error(outcome, attempt, idempotent)
            if wait is None:
                raise _failure(outcome) from outcome
        return wait

    def path(self, suffix: str = "") -> str:
        return f"/v1/communities/{self.community_on_server}{suffix}"

    def _take_page(self, body: dict[str, Any], refs: list[Ref]) -> tuple[int, bool]:
        for item in body["changesets"]:
            key = f"server:{item['cursor']}"
            self.blobs[key] = base64.b64decode(item["data"])
            self.cursors[key] = int(item["cursor"])
            ref = Ref(item["device"], int(item["first"]), int(item["last"]), key)
            self.refs[key] = ref
            refs.append(ref)
        return int(body["next_cursor"]), bool(body["has_more"])

    def _take_snapshot(self, response: httpx.Response) -> SnapshotRef:
        headers = response.headers
        ref = SnapshotRef(
            headers.get("x-kring-hlc", ""),
            headers.get("x-kring-device", ""),
            f"server-snapshot:{headers.get('x-kring-snapshot', '')}",
        )
        self._snapshot = (ref, int(headers.get("x-kring-cursor", "0")), response.content)
        return ref

    def fetch(self, ref: Ref) -> bytes:
        """The bytes `available` brought along (empty, i.e. "not arrived", if unknown)."""
        return self.blobs.get(ref.key, b"")

    def forget(self) -> None:
        """Drop the changesets kept from the last listing."""
        self.blobs.clear()
        self.refs.clear()
        self.cursors.clear()

    # The server compacts on its own (`kring-server compact`); a device keeps no
    # say over which changesets go, so these parts of a snapshot transport are inert.
    def device_refs(self, community: str, device: str) -> list[Ref]:
        return []

    def remove(self, community: str, device: str, keys: list[str]) -> int:
        return 0

    def applied_by_device(self, community: str) -> dict[str, dict[str, int]]:
        return {}

    def write_applied(self, community: str, device: str, applied: dict[str, int]) -> bool:
        return False


class HttpTransport(_Api):
    """The blocking transport the sync engine uses (in the thread that owns the store)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        community_on_server: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        super().__init__(base_url, token, community_on_server, **options)
        self.sleep = sleep
        self.client = httpx.Client(**self.options)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self, method: str, path: str, *, idempotent: bool = True, **kwargs: Any
    ) -> httpx.Response:
        for attempt in itertools.count():
            try:
                response = self.client.request(method, path, **kwargs)
            except httpx.HTTPError as exc:
                self.sleep(self._wait(attempt, idempotent, exc))
                continue
            if response.is_success:
                return response
            self.sleep(self._wait(attempt, idempotent, response))
        raise AssertionError("unreachable")

    def bind(self, local_community: str) -> str:
        response = self.request(
            "PUT", self.path("/binding"), json={"local_community": local_community}
        )
        return response.json()["local_community"]

    def push(self, community: str, device: str, first: int, last: int, blob: bytes) -> None:
        params = {"device": device, "first": first, "last": last}
        self.request(
            "PUT",
            self.path("/changesets"),
            params=params,
            content=blob,
            headers={"Content-Type": "application/octet-stream"},
        )

    def pushed(self, community: str, device: str) -> int:
        response = self.request("GET", self.path(f"/devices/{device}/pushed"))
        return int(response.json()["stored_through"])

    def available(self, community: str, exclude: str) -> list[Ref]:
        """Every changeset of other devices after `cursor`; a compacted cursor restarts
        at the newest snapshot's (the engine then sees the gap and loads the snapshot)."""
        refs: list[Ref] = []
        after, more, resynced = self.cursor, True, False
        while more:
            params = {"after": after, "limit": self.page, "exclude": exclude}
            try:
                body = self.request("GET", self.path("/changesets"), params=params).json()
            except ServerError as exc:
                if exc.code != "resync_from_snapshot" or resynced or not self.snapshots(community):
                    raise
                assert self._snapshot is not None
                after, resynced = self._snapshot[1], True
                continue
            after, more = self._take_page(body, refs)
        self.listed_through = after
        return refs

    def snapshots(self, community: str) -> list[SnapshotRef]:
        try:
            response = self.request("GET", self.path("/snapshots/latest"))
        except ServerError as exc:
            if exc.code == "no_snapshot":
                return []
            raise
        return [self._take_snapshot(response)]

    def fetch_snapshot(self, ref: SnapshotRef) -> bytes:
        if self._snapshot is None or self._snapshot[0] != ref:
            self.snapshots("")
        return self._snapshot[2] if self._snapshot and self._snapshot[0] == ref else b""

    def put_snapshot(self, community: str, device: str, hlc: str, blob: bytes) -> SnapshotRef:
        """Upload a snapshot that reflects every changeset up to `cursor` (this sync's start)."""
        response = self.request(
            "PUT",
            self.path(f"/snapshots/{device}"),
            content=blob,
            params={"hlc": hlc, "cursor": self.cursor},
        )
        return SnapshotRef(hlc, device, f"server-snapshot:{response.json()['id']}")


class AsyncHttpTransport(_Api):
    """The same server calls as coroutines, for the qasync loop (they never block it)."""

    def __init__(self, base_url: str, token: str, community_on_server: str, **options: Any) -> None:
        super().__init__(base_url, token, community_on_server, **options)
        self.client = httpx.AsyncClient(**self.options)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def request(
        self, method: str, path: str, *, idempotent: bool = True, **kwargs: Any
    ) -> httpx.Response:
        for attempt in itertools.count():
            try:
                response = await self.client.request(method, path, **kwargs)
            except httpx.HTTPError as exc:
                await asyncio.sleep(self._wait(attempt, idempotent, exc))
                continue
            if response.is_success:
                return response
            await asyncio.sleep(self._wait(attempt, idempotent, response))
        raise AssertionError("unreachable")

    async def push(self, community: str, device: str, first: int, last: int, blob: bytes) -> None:
        params = {"device": device, "first": first, "last": last}
        await self.request("PUT", self.path("/changesets"), params=params, content=blob)

    async def pushed(self, community: str, device: str) -> int:
        response = await self.request("GET", self.path(f"/devices/{device}/pushed"))
        return int(response.json()["stored_through"])

    async def available(self, community: str, exclude: str) -> list[Ref]:
        refs: list[Ref] = []
        after, more = self.cursor, True
        while more:
            params = {"after": after, "limit": self.page, "exclude": exclude}
            body = (await self.request("GET", self.path("/changesets"), params=params)).json()
            after, more = self._take_page(body, refs)
        self.listed_through = after
        return refs


def join(
    base_url: str, invite: str, device: str, name: str | None = None, **options: Any
) -> Joined:
    """Trade an invite code for this device's token (never sent twice: it uses the invite up)."""
    with HttpTransport(base_url, "", "", **options) as transport:
        body = transport.request(
            "POST",
            "/v1/join",
            idempotent=False,
            json={"invite": invite, "device": device, "name": name},
        ).json()
    return Joined(body["token"], body["community"], body["name"], body.get("local_community"))


async def reachable(base_url: str, *, connect_timeout: float = CONNECT_TIMEOUT) -> bool:
    """Whether the server answers its health check (never raises, never waits long)."""
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(connect_timeout)) as client:
            response = await client.get(base_url.rstrip("/") + "/v1/health")
        return response.is_success
    except httpx.HTTPError:
        return False


async def in_worker(func: Callable[..., Any], *args: Any) -> Any:
    """Run a blocking call (the sync engine, with its own store) in a worker thread and await it
    from the event loop; the function must open and close its own store in that thread."""
    return await asyncio.get_running_loop().run_in_executor(None, func, *args)
