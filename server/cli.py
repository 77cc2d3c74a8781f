"""`kring-server`: run the sync server and administer it (communities, invites, devices)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from server import __version__
from server.auth import digest, expiry, new_invite_code, normalise_invite
from server.storage import Storage, StorageUnavailable, open_storage

DEFAULT_DB = "sqlite:///kring-server.sqlite"


def _storage(args: argparse.Namespace) -> Storage:
    return open_storage(args.db)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import Limits, create_app

    limits = Limits(
        max_body=args.max_body_mb * 1024 * 1024,
        per_minute=args.per_minute,
        page_size=args.page_size,
    )
    app = create_app(args.db, limits=limits)
    print(f"Kring sync server {__version__} on http://{args.host}:{args.port}", flush=True)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        proxy_headers=args.behind_proxy,
        forwarded_allow_ips="*" if args.behind_proxy else None,
    )
    return 0


def community_create(args: argparse.Namespace) -> int:
    from server.app import new_community_id

    storage = _storage(args)
    community = storage.create_community(new_community_id(), args.name)
    print(f"Created community {args.name!r}; its id on this server:")
    print(community.id)
    return 0


def community_list(args: argparse.Namespace) -> int:
    rows = _storage(args).communities()
    if args.json:
        print(json.dumps([_asdict(c) for c in rows], indent=2))
    else:
        for c in rows:
            print(f"{c.id}\t{c.name}\t{c.local_community or '(no changes yet)'}")
    return 0


def invite(args: argparse.Namespace) -> int:
    storage = _storage(args)
    if storage.community(args.community) is None:
        return _fail(f"no community with id {args.community} on this server")
    try:
        expires = None if args.expires == "never" else expiry(args.expires)
    except ValueError as exc:
        return _fail(str(exc))
    if args.uses is not None and args.uses < 1:
        return _fail("--uses must be at least 1")
    code = new_invite_code()
    storage.create_invite(args.community, digest(normalise_invite(code)), expires, args.uses)
    uses = "unlimited uses" if args.uses is None else f"{args.uses} use(s)"
    until = f"until {expires}" if expires else "without expiry"
    print(f"Invite for community {args.community}: {uses}, valid {until}.")
    print("Give this code to the facilitator who joins (it is shown only once):")
    print(code)
    return 0


def devices(args: argparse.Namespace) -> int:
    storage = _storage(args)
    if storage.community(args.community) is None:
        return _fail(f"no community with id {args.community} on this server")
    rows = storage.devices(args.community)
    if args.json:
        print(json.dumps([_asdict(d) for d in rows], indent=2))
        return 0
    for d in rows:
        state = f"revoked {d.revoked_at}" if d.revoked_at else "active"
        through = storage.stored_through(args.community, d.device)
        print(f"{d.device}\t{d.name or ''}\tjoined {d.joined_at}\t{state}\tsent through {through}")
    return 0


def revoke(args: argparse.Namespace) -> int:
    count = _storage(args).revoke(args.device, args.community)
    if count == 0:
        return _fail(
            f"no active device {args.device}"
            + (f" in community {args.community}" if args.community else "")
        )
    print(f"Revoked device {args.device} ({count} communit{'y' if count == 1 else 'ies'}).")
    return 0


def compact(args: argparse.Namespace) -> int:
    horizon, dropped = _storage(args).compact(args.community)
    print(f"Dropped {dropped} changesets covered by the latest snapshot (cursor {horizon}).")
    return 0


def _asdict(row) -> dict:
    return {name: getattr(row, name) for name in row.__slots__}


def _fail(message: str) -> int:
    print(f"kring-server: {message}", file=sys.stderr)
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kring-server", description="The Kring sync server.")
    parser.add_argument("--version", action="version", version=f"kring-server {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    db_default = os.environ.get("KRING_SERVER_DB", DEFAULT_DB)

    def command(group, name: str, handler, help_text: str) -> argparse.ArgumentParser:
        p = group.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        p.add_argument(
            "--db",
            default=db_default,
            help="sqlite:///FILE (relative), sqlite:////ABSOLUTE/FILE or "
            "postgresql://… (default: $KRING_SERVER_DB or %(default)s)",
        )
        return p

    p = command(sub, "serve", serve, "run the server")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--max-body-mb", type=int, default=16, help="largest request body, MiB")
    p.add_argument("--per-minute", type=int, default=600, help="requests per token per minute")
    p.add_argument("--page-size", type=int, default=500, help="most changesets per page")
    p.add_argument(
        "--behind-proxy",
        action="store_true",
        help="trust X-Forwarded-For/-Proto from the reverse proxy",
    )
    p.add_argument(
        "--log-level", default="info", choices=("critical", "error", "warning", "info", "debug")
    )

    group = sub.add_parser("community", help="create and list communities on this server")
    g = group.add_subparsers(dest="action", required=True)
    p = command(g, "create", community_create, "create a community; prints its id last")
    p.add_argument("--name", required=True)
    p = command(g, "list", community_list, "list the communities")
    p.add_argument("--json", action="store_true")

    p = command(sub, "invite", invite, "make an invite code; prints it last")
    p.add_argument("--community", required=True, help="the community's id on this server")
    p.add_argument("--expires", default="7d", help="e.g. 12h, 7d, 2w, or never (default 7d)")
    p.add_argument("--uses", type=int, default=None, help="how many devices may use it")

    p = command(sub, "devices", devices, "list a community's devices")
    p.add_argument("--community", required=True)
    p.add_argument("--json", action="store_true")

    p = command(sub, "revoke", revoke, "revoke a device's token")
    p.add_argument("device")
    p.add_argument("--community", help="only in this community (default: in all)")

    p = command(sub, "compact", compact, "drop changesets the latest snapshot covers")
    p.add_argument("--community", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except StorageUnavailable as exc:
        return _fail(f"the database cannot be used: {exc}")
    except ValueError as exc:
        return _fail(str(exc))


if __name__ == "__main__":
    sys.exit(main())
