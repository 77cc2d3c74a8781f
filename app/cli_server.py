"""The server parts of `kring sync` and `kring join` (hooked into app.cli_sync's parsers).

kring join --server URL --invite CODE [--community CID] [--name NAME]
kring sync --community CID --server [URL] [--folder PATH]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from app.i18n import _

EXIT_USAGE = 2

Handler = Callable[..., int | None]


def extend_sync(parser: argparse.ArgumentParser) -> None:
    """Add --server to `kring sync`; without it, a community joined to a server syncs there too."""
    parser.add_argument(
        "--server",
        nargs="?",
        const="",
        metavar="URL",
        help=_(
            "sync through a Kring server (the address is remembered: later syncs may leave it out)"
        ),
    )
    parser.set_defaults(handler=_sync_handler(parser.get_default("handler")))


def extend_join(parser: argparse.ArgumentParser) -> None:
    """Add --server, --invite and --name to `kring join` (then --folder is not needed)."""
    parser.add_argument("--server", metavar="URL", help=_("the Kring server to join"))
    parser.add_argument("--invite", metavar="CODE", help=_("the invite code from the server admin"))
    parser.add_argument(
        "--name", help=_("what the server calls this device (default: its computer name)")
    )
    for action in parser._actions:  # either --folder or --server
        if action.dest == "folder":
            action.required = False
    parser.set_defaults(handler=_join_handler(parser.get_default("handler")))


def _usage(message: str) -> int:
    print(_("kring: {message}").format(message=message), file=sys.stderr)
    return EXIT_USAGE


def _sync_handler(folder_sync: Handler) -> Handler:
    def handler(ws, args: argparse.Namespace) -> int | None:
        from app.services import server_sync
        from app.services import sync as folder_service

        if getattr(args, "sync_action", None) or not args.community:
            return folder_sync(ws, args)  # `sync status`, or the folder sync's own usage message
        linked = server_sync.link(ws, args.community) is not None
        if args.server is None and not linked:
            return folder_sync(ws, args)
        if args.server == "" and not linked:
            return _usage(
                _(
                    "this community does not sync with a server yet: join one with "
                    "`kring join --server URL --invite CODE --community {id}`."
                ).format(id=args.community)
            )
        folder = args.folder
        if folder is None and args.server is None:
            folder = folder_service.status(ws, args.community)["folder"]  # the remembered one
        if folder is not None:
            args.folder = folder
            code = folder_sync(ws, args)
            if code:
                return code
        report = server_sync.sync_server(ws, args.community, args.server or None, folder=folder)
        _print_report(report, _("Server: {summary}") if folder is not None else "{summary}")
        return 0

    return handler


def _join_handler(folder_join: Handler) -> Handler:
    def handler(ws, args: argparse.Namespace) -> int | None:
        from app.services import server_sync

        if args.server is None:
            if args.folder is None:
                return _usage(_("join what? Give --folder PATH or --server URL --invite CODE."))
            return folder_join(ws, args)
        if args.folder is not None:
            return _usage(_("give either --folder or --server, not both."))
        if not args.invite:
            return _usage(_("joining a server needs the invite code: --invite CODE."))
        result = server_sync.join_server(
            ws, args.server, args.invite, args.community, name=args.name
        )
        if result.token_store == server_sync.KEYRING:
            kept = _("This device's server token is kept in the system keyring.")
        else:
            kept = _(
                "This device's server token is kept in Kring's data file, which only you can read."
            )
        print(kept, file=sys.stderr)
        _print_report(result.sync, "{summary}")
        print(result.community)
        return 0

    return handler


def _print_report(report, template: str) -> None:
    from app import cli_sync

    for line in cli_sync.problems(report):
        print(line, file=sys.stderr)
    print(template.format(summary=cli_sync.summary(report)))
