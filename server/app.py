"""The Kring sync server: a FastAPI app that relays opaque changesets per community.

It keeps changesets and snapshots as bytes and never reads what is inside: a
changeset may be encrypted end to end. Everything it knows lives in its
storage (SQLite or PostgreSQL), so several processes can serve one database;
only the request-rate counters are per process.
"""

# No `from __future__ import annotations` here: FastAPI reads the endpoints' annotations,
# and some name types local to `_routes`.
import base64
import json
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from server import __version__, errors
from server.auth import RateLimiter, digest, new_token, normalise_invite
from server.errors import ApiError
from server.schemas import (
    HLC,
    ID,
    Binding,
    ChangesetOut,
    CommunityInfo,
    ErrorBody,
    Health,
    Joined,
    JoinRequest,
    Page,
    Pushed,
    PushResult,
    SnapshotStored,
)
from server.storage import Device, InviteRefused, Storage, open_storage

API = "/v1"

OCTETS = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
CHANGESET_MAGIC = b"KRING-CHANGESET\n"


@dataclass(frozen=True)
class Limits:
    max_body: int = 16 * 1024 * 1024  # a changeset push, or any other request
    max_snapshot: int = 256 * 1024 * 1024  # a snapshot upload
    page_size: int = 500  # changesets per page at most
    page_bytes: int = 8 * 1024 * 1024  # changeset bytes per page (at least one is sent)
    per_minute: int = 600  # requests per device token (per client address for joining)
    snapshots_kept: int = 2


ERRORS = {status: {"model": ErrorBody} for status in (401, 403, 404, 413, 422, 429)}


# --- the app ---------------------------------------------------------------------------


def create_app(db_url: str, *, limits: Limits | None = None) -> FastAPI:
    """The server app on the storage at `db_url` (see `server.storage.open_storage`)."""
    limits = limits or Limits()
    storage = open_storage(db_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        storage.close()

    app = FastAPI(
        title="Kring sync server",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        description="Relays opaque changesets between the devices of a community.",
    )
    app.state.storage = storage
    app.state.limits = limits
    errors.install(app)

    def limit_for(path: str) -> int:
        return limits.max_snapshot if "/snapshots/" in path else limits.max_body

    app.add_middleware(errors.BodyLimit, limit_for=limit_for)
    app.include_router(_routes(storage, limits, RateLimiter(limits.per_minute)))
    return app


def _routes(storage: Storage, limits: Limits, limiter: RateLimiter) -> APIRouter:
    router = APIRouter(prefix=API, responses=ERRORS)
    bearer = HTTPBearer(auto_error=False, description="a device token from POST /v1/join")

    def throttle(key: str) -> None:
        wait = limiter.hit(key)
        if wait is not None:
            raise ApiError(
                429,
                "rate_limited",
                f"Too many requests; try again in {wait} s.",
                headers={"Retry-After": str(wait)},
            )

    def device(
        community: Annotated[str, Path(max_length=100)],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Device:
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None or not credentials.credentials:
            raise ApiError(401, "token_missing", "This request needs a device token.", challenge)
        token_hash = digest(credentials.credentials)
        throttle("token:" + token_hash)
        found = storage.device_by_token(token_hash)
        if found is None:
            raise ApiError(401, "token_invalid", "This device token is not known here.", challenge)
        if found.revoked_at is not None:
            raise ApiError(401, "token_revoked", "This device's access was revoked.", challenge)
        if found.community != community:
            raise ApiError(
                403, "wrong_community", "This device token belongs to another community."
            )
        return found

    Caller = Annotated[Device, Depends(device)]

    @router.get("/health", response_model=Health, tags=["server"])
    def health() -> Health:
        return Health(status="ok", version=__version__)

    @router.post(
        "/join", response_model=Joined, tags=["auth"], responses={410: {"model": ErrorBody}}
    )
    def join(request: JoinRequest, http: Request) -> Joined:
        """Trade an invite code for a device token of the invite's community."""
        throttle("join:" + (http.client.host if http.client else "?"))
        token = new_token()
        try:
            joined = storage.redeem_invite(
                digest(normalise_invite(request.invite)),
                request.device,
                request.name,
                digest(token),
            )
        except InviteRefused as exc:
            raise _invite_error(exc.code) from None
        community = storage.community(joined.community)
        assert community is not None
        return Joined(
            token=token,
            community=community.id,
            name=community.name,
            device=request.device,
            local_community=community.local_community,
        )

    base = "/communities/{community}"

    @router.get(base, response_model=CommunityInfo, tags=["communities"])
    def community_info(community: str, caller: Caller) -> CommunityInfo:
        found = storage.community(community)
        assert found is not None
        return CommunityInfo(
            id=found.id,
            name=found.name,
            local_community=found.local_community,
            horizon=found.horizon,
            device=caller.device,
        )

    @router.put(
        base + "/binding",
        response_model=Binding,
        tags=["communities"],
        responses={409: {"model": ErrorBody}},
    )
    def bind(community: str, binding: Binding, caller: Caller) -> Binding:
        """Tie this server community to the id of the local community its changesets carry."""
        bound = storage.bind(community, binding.local_community)
        if bound != binding.local_community:
            raise ApiError(
                409,
                "community_bound_elsewhere",
                "This server community already holds another community's changes.",
            )
        return Binding(local_community=bound)

    @router.put(
        base + "/changesets",
        response_model=PushResult,
        tags=["changesets"],
        openapi_extra=OCTETS,
        operation_id="push_changeset",
    )
    @router.post(
        base + "/changesets",
        response_model=PushResult,
        tags=["changesets"],
        openapi_extra=OCTETS,
        operation_id="push_changeset_post",
    )
    async def push(
        community: str,
        caller: Caller,
        request: Request,
        device: Annotated[str, Query(pattern=ID)],
        first: Annotated[int, Query(ge=1, le=2**62)],
        last: Annotated[int, Query(ge=1, le=2**62)],
    ) -> PushResult:
        """Store one changeset; storing one already stored (same device and first seq) is a no-op.

        Any device of the community may push any device's changeset: a device that
        also syncs through a shared folder relays the changesets it found there.
        """
        if last < first:
            raise ApiError(422, "invalid_range", "`last` is before `first`.")
        data = await request.body()
        if not data:
            raise ApiError(422, "empty_body", "The changeset is empty.")
        _check_label(data, device, first, last)
        through = await run_in_threadpool(
            storage.put_changeset, community, device, first, last, data, caller.device
        )
        return PushResult(stored_through=through)

    @router.get(
        base + "/changesets",
        response_model=Page,
        tags=["changesets"],
        responses={410: {"model": ErrorBody}},
    )
    def pull(
        community: str,
        caller: Caller,
        after: Annotated[int, Query(ge=0, le=2**62, description="a next_cursor; 0: start")] = 0,
        limit: Annotated[int, Query(ge=1, le=10_000, description="capped by the server")] = 100,
        exclude: Annotated[str | None, Query(pattern=ID, description="skip a device's")] = None,
    ) -> Page:
        """The changesets stored after a cursor, oldest first, a page at a time."""
        rows, reached, more = storage.changesets_after(
            community, after, min(limit, limits.page_size), limits.page_bytes, exclude
        )
        found = storage.community(community)
        if found is not None and after < found.horizon:
            raise ApiError(
                410,
                "resync_from_snapshot",
                "Changes this old were compacted into "
                "a snapshot: load the latest snapshot, then pull after its cursor.",
            )
        items = [
            ChangesetOut(
                device=r.device,
                first=r.first,
                last=r.last,
                cursor=r.cursor,
                data=base64.b64encode(r.data).decode("ascii"),
            )
            for r in rows
        ]
        return Page(changesets=items, next_cursor=reached, has_more=more)

    @router.get(base + "/devices/{device}/pushed", response_model=Pushed, tags=["changesets"])
    def pushed(community: str, device: Annotated[str, Path(pattern=ID)], caller: Caller) -> Pushed:
        return Pushed(device=device, stored_through=storage.stored_through(community, device))

    @router.put(
        base + "/snapshots/{device}",
        response_model=SnapshotStored,
        tags=["snapshots"],
        openapi_extra=OCTETS,
    )
    async def put_snapshot(
        community: str,
        device: Annotated[str, Path(pattern=ID)],
        caller: Caller,
        request: Request,
        hlc: Annotated[str, Query(pattern=HLC)],  # also sent back as a header
        cursor: Annotated[int, Query(ge=0, le=2**62, description="it reflects all up to here")],
    ) -> SnapshotStored:
        """Keep a device's snapshot of the community (the newest few are kept)."""
        if device != caller.device:
            raise ApiError(403, "wrong_device", "A device uploads only its own snapshots.")
        data = await request.body()
        if not data:
            raise ApiError(422, "empty_body", "The snapshot is empty.")
        # It cannot reflect changesets the server did not have yet.
        cursor = min(cursor, await run_in_threadpool(storage.last_cursor, community))
        snapshot_id = await run_in_threadpool(
            storage.put_snapshot, community, device, hlc, cursor, data, limits.snapshots_kept
        )
        return SnapshotStored(id=snapshot_id, cursor=cursor)

    @router.get(
        base + "/snapshots/latest",
        tags=["snapshots"],
        response_class=Response,
        responses={200: {"content": {"application/octet-stream": {}}}},
    )
    def latest_snapshot(community: str, caller: Caller) -> Response:
        """The newest snapshot's bytes; its writer, clock and cursor come as headers."""
        snap = storage.latest_snapshot(community)
        if snap is None:
            raise ApiError(404, "no_snapshot", "This community has no snapshot yet.")
        return Response(
            snap.data,
            media_type="application/octet-stream",
            headers={
                "X-Kring-Device": snap.device,
                "X-Kring-Hlc": snap.hlc,
                "X-Kring-Cursor": str(snap.cursor),
                "X-Kring-Snapshot": str(snap.id),
            },
        )

    return router


def _check_label(data: bytes, device: str, first: int, last: int) -> None:
    """A Kring changeset names its device and seq range in a plain header: they must agree."""
    if not data.startswith(CHANGESET_MAGIC):
        return  # opaque to the server; the devices check what they fetch
    end = data.find(b"\n", len(CHANGESET_MAGIC), len(CHANGESET_MAGIC) + 4096)
    try:
        header = json.loads(data[len(CHANGESET_MAGIC) : end]) if end > 0 else None
    except ValueError:
        header = None
    if not isinstance(header, dict):
        return
    label = (header.get("device"), header.get("first"), header.get("last"))
    if label != (device, first, last):
        raise ApiError(
            422,
            "changeset_mismatch",
            "The changeset's header names another device or seq range than the request.",
        )


def _invite_error(code: str) -> ApiError:
    return {
        "invite_unknown": ApiError(404, code, "This invite code is not known here."),
        "invite_expired": ApiError(410, code, "This invite code has expired."),
        "invite_used_up": ApiError(410, code, "This invite code has been used up."),
        "device_revoked": ApiError(
            403, code, "This device's access was revoked; it cannot join this community again."
        ),
    }[code]


def new_community_id() -> str:
    return str(uuid.uuid4())
