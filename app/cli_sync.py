"""The sync subcommands of `kring`: sync, join, conflicts (registered by app.cli).

kring sync --community CID [--folder PATH] [--compact]
kring sync status --community CID [--folder PATH] [--json]
kring join --folder PATH [--json]
kring join --folder PATH --community CID
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from app import cli_conflicts, cli_encrypt, cli_server
from app.i18n import _, plural

Command = Callable[..., argparse.ArgumentParser]
EXIT_USAGE = 2  # as app.cli: a command given wrongly


def register(sub, command: Command, group: Callable, json_flag: Callable) -> None:
    """Add the sync subcommands to the `kring` parser."""
    p = command(
        sub,
        "sync",
        sync_run,
        _(
            "send this device's changes to a shared folder and read everyone "
            "else's; `kring sync status` says what is waiting"
        ),
    )
    p.add_argument("--community", help=_("the community to sync"))
    p.add_argument(
        "--folder",
        type=Path,
        help=_("the shared folder (remembered: later syncs may leave it out)"),
    )
    p.add_argument(
        "--compact",
        action="store_true",
        help=_(
            "afterwards, write a snapshot and delete this device's old change "
            "files that every device has read"
        ),
    )
    actions = p.add_subparsers(dest="sync_action", parser_class=type(p), metavar="status")
    s = command(
        actions,
        "status",
        sync_status,
        _("what is waiting to be sent and received, conflicts, devices"),
    )
    s.add_argument("--community", required=True)
    s.add_argument("--folder", type=Path, help=_("also count what waits in this shared folder"))
    json_flag(s)
    cli_server.extend_sync(p)  # --server: sync through a Kring server too

    p = command(
        sub,
        "join",
        join,
        _(
            "list the communities in a shared folder, or make this data folder a copy "
            "of one (prints its id)"
        ),
    )
    p.add_argument("--folder", type=Path, required=True, help=_("the shared folder"))
    p.add_argument("--community", help=_("the community to join"))
    cli_encrypt.add_passphrase_option(p)
    json_flag(p)
    cli_server.extend_join(p)  # --server URL --invite CODE: join through a Kring server

    cli_conflicts.register(sub, command, group, json_flag)
    cli_encrypt.register(sub, command, group, json_flag)


# --- handlers --------------------------------------------------------------------------


def sync_run(ws, args: argparse.Namespace) -> int:
    from app.services import sync as service

    if not args.community:
        print(
            _(
                "kring sync: which community? Give --community CID (`kring community list` "
                "shows them)."
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    report = service.sync_folder(ws, args.community, args.folder)
    for line in problems(report):
        print(line, file=sys.stderr)
    line = summary(report)
    if args.compact:
        line += " " + compact_summary(service.compact(ws, args.community, args.folder))
    print(line)
    return 0


def sync_status(ws, args: argparse.Namespace) -> None:
    from app.services import sync as service

    result = service.status(ws, args.community, args.folder)
    if args.json:
        _print_json(result)
        return
    if result["folder"]:
        print(_("Shared folder: {folder}").format(folder=result["folder"]))
    else:
        print(_("No shared folder yet: give one with `kring sync --folder PATH`."))
    last = result["last_sync"]
    if last:
        print(
            _("Last sync: {time} ({sent} sent, {received} received).").format(
                time=_local(last["at"]), sent=last["sent"], received=last["received"]
            )
        )
    else:
        print(_("Not synced yet."))
    print(_("Changes waiting to be sent: {n}").format(n=result["to_send"]))
    if result["to_receive"] is not None:
        print(_("Changes waiting to be received: {n}").format(n=result["to_receive"]))
    print(_("Open conflicts: {n}").format(n=result["open_conflicts"]))
    for device in result["devices"]:
        mark = _(" (this device)") if device["this_device"] else ""
        print(
            _("Device {device}{mark}: its changes up to number {n} are here").format(
                device=device["device"], mark=mark, n=device["applied"]
            )
        )


def join(ws, args: argparse.Namespace) -> None:
    from app.services import sync as service

    if args.community:
        changes = service.join_folder(
            ws, args.folder, args.community, passphrase=lambda: cli_encrypt.passphrase_from(args)
        )
        print(changes.id)
        return
    found = service.communities_in_folder(args.folder)
    if args.json:
        _print_json(found)
        return
    if not found:
        print(
            _("The shared folder {folder} holds no communities yet.").format(folder=args.folder),
            file=sys.stderr,
        )
    for community in found:
        print(f"{community['id']}\t{community['name'] or _('(name not readable yet)')}")


# --- messages --------------------------------------------------------------------------


def summary(report) -> str:
    """One line for the facilitator (and cron's mail): what was sent and received."""
    from app.services.sync_settings import summary as sync_summary

    return sync_summary(report)


def problems(report) -> list[str]:
    """Lines for stderr about what could not be read yet; the sync itself worked."""
    lines = [
        _("Update Kring to read the changes from device {device}.").format(device=d)
        for d in sorted(report.too_new)
    ]
    for device in sorted(report.held):
        until = report.held_until.get(device)
        when = _local_ms(until) if until else _("its clock is right again")
        lines.append(
            _(
                "Device {device}'s clock is more than 5 minutes ahead; its changes wait "
                "until {time}."
            ).format(device=device, time=when)
        )
    if report.locked:
        lines.append(
            _(
                "This device cannot read the community's encrypted changes yet: unlock it "
                "with `kring community unlock` and the community's passphrase."
            )
        )
    if report.rejected:
        lines.append(
            plural(
                len(report.rejected),
                _("Ignored 1 file that claims to come from another device or community: {file}."),
                _(
                    "Ignored {n} files that claim to come from another device or "
                    "community, for example {file}."
                ),
            ).format(file=report.rejected[0])
        )
    if report.waiting and not (report.too_new or report.held):
        lines.append(
            plural(
                report.waiting,
                _(
                    "1 change file is not complete yet (a sync tool may still be "
                    "copying it); a later sync reads it."
                ),
                _(
                    "{n} change files are not complete yet (a sync tool may still be "
                    "copying them); a later sync reads them."
                ),
            )
        )
    return lines


def compact_summary(done) -> str:
    if done.removed:
        text = plural(
            done.removed,
            _("Removed 1 old change file of this device; a snapshot holds it."),
            _("Removed {n} old change files of this device; a snapshot holds them."),
        )
    else:
        text = _("Wrote a snapshot; no old change files of this device to remove yet.")
    if done.waiting_for:
        text += " " + plural(
            len(done.waiting_for),
            _("1 device has not read all of this device's changes yet."),
            _("{n} devices have not read all of this device's changes yet."),
        )
    return text


def _local(iso: str) -> str:
    return (
        datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    )


def _local_ms(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).astimezone().strftime("%Y-%m-%d %H:%M")


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
