"""The `kring community encrypt|unlock|passphrase` subcommands: end-to-end encryption.

    kring community encrypt CID [--folder PATH] [--passphrase-file FILE]
    kring community unlock CID [--folder PATH | --key-file FILE] [--passphrase-file FILE]
    kring community passphrase CID [--folder PATH] [--passphrase-file FILE]

The passphrase comes from --passphrase-file (`-`: standard input), else the
environment variable KRING_PASSPHRASE, else a prompt when standard input is a
terminal (twice when setting one). It is never a command-line argument: those
show up in process lists and shell histories.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from app.domain.errors import KringError
from app.i18n import _

Command = Callable[..., argparse.ArgumentParser]
PASSPHRASE_ENV = "KRING_PASSPHRASE"


# --- the passphrase --------------------------------------------------------------------


def add_passphrase_option(p: argparse.ArgumentParser) -> None:
    """`--passphrase-file FILE`, for `encrypt` and friends and for `kring join`."""
    p.add_argument("--passphrase-file", type=Path, metavar="FILE",
                   help=_("read the community's passphrase from this file (- for standard "
                          "input); else KRING_PASSPHRASE, else a prompt"))  # fmt: skip


def passphrase_from(args: argparse.Namespace, *, confirm: bool = False) -> str:
    """The passphrase from --passphrase-file, KRING_PASSPHRASE or a prompt, in that order.

    With `confirm` (setting a passphrase) a prompt asks twice, and checks the
    rules between the two.
    """
    path = getattr(args, "passphrase_file", None)
    if path is not None:
        try:
            text = sys.stdin.readline() if str(path) == "-" else path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KringError(
                _("Cannot read the passphrase file {file} ({reason}).").format(
                    file=path, reason=getattr(exc, "strerror", None) or exc)
            ) from exc  # fmt: skip
        return text.rstrip("\r\n")
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if not sys.stdin.isatty():
        raise KringError(_("No passphrase: give --passphrase-file FILE or set KRING_PASSPHRASE."))
    first = getpass.getpass(_("Passphrase: "))
    if confirm:
        from app.services import encryption

        encryption.check_passphrase(first)
        if getpass.getpass(_("The same passphrase again: ")) != first:
            raise KringError(_("The two passphrases differ; nothing changed."))
    return first


# --- handlers --------------------------------------------------------------------------


def community_encrypt(ws, args: argparse.Namespace) -> None:
    from app.services import encryption

    done = encryption.encrypt_community(
        ws, args.community, passphrase_from(args, confirm=True), folder=args.folder
    )
    if args.json:
        _print_json(_as_json(args.community, done))
        return
    print(_("Community {id} is now encrypted (key {key_id}). Every device needs the "
            "passphrase; nobody can recover it when it is lost.").format(
                id=args.community, key_id=done.key_id))  # fmt: skip
    _where(done)
    if done.already_shared:
        print(_("Changes sent before now stay readable in the shared folder until the "
                "devices compact them (`kring sync --compact`)."), file=sys.stderr)  # fmt: skip


def community_passphrase(ws, args: argparse.Namespace) -> None:
    from app.services import encryption

    done = encryption.change_passphrase(
        ws, args.community, passphrase_from(args, confirm=True), folder=args.folder
    )
    if args.json:
        _print_json(_as_json(args.community, done))
        return
    print(_("The passphrase of community {id} is changed; its key ({key_id}) stays the "
            "same.").format(id=args.community, key_id=done.key_id))  # fmt: skip
    _where(done)


def community_unlock(ws, args: argparse.Namespace) -> None:
    from app.services import encryption

    if args.key_file is not None:
        try:
            blob = args.key_file.read_bytes()
        except OSError as exc:
            raise KringError(_("Cannot read the key file {file} ({reason}).").format(
                file=args.key_file, reason=exc.strerror or exc)) from exc  # fmt: skip
        ids = [encryption.unlock(ws, args.community, blob, passphrase_from(args))]
    else:
        folder = args.folder or _remembered_folder(ws, args.community)
        ids = encryption.unlock_from_folder(ws, args.community, folder, passphrase_from(args))
    if args.json:
        _print_json({"community": args.community, "key_ids": ids})
        return
    print(_("Unlocked: this device reads and writes community {id}'s encrypted changes "
            "(key {key_id}).").format(id=args.community, key_id=", ".join(ids)))  # fmt: skip


def _where(done) -> None:
    if done.published_to is not None:
        print(_("The key file, locked by the passphrase, is in {path}.").format(
            path=done.published_to))  # fmt: skip
    else:
        print(_("The key file, locked by the passphrase, goes to the shared folder at the "
                "next `kring sync`."))  # fmt: skip


def _remembered_folder(ws, community_id: str) -> Path:
    remembered = ws.store.meta(f"sync.{community_id}.folder")
    if remembered is None:
        raise KringError(_("Which shared folder? Give it with --folder, or the key file with "
                           "--key-file."))  # fmt: skip
    return Path(remembered)


def _as_json(community_id: str, done) -> dict:
    return {"community": community_id, "key_id": done.key_id,
            "key_file": str(done.published_to) if done.published_to else None,
            "already_shared": done.already_shared}  # fmt: skip


def _print_json(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


# --- registering -----------------------------------------------------------------------


def register(sub, command: Command, group: Callable, json_flag: Callable) -> None:
    """Add `kring community encrypt|unlock|passphrase` to the `kring` parser's community group."""
    actions = _community_actions(sub, group)
    p = command(actions, "encrypt", community_encrypt,
                _("encrypt a community's changes with a passphrase before they leave this "
                  "device (folder and server then hold nothing readable)"))  # fmt: skip
    p.add_argument("community", help=_("the community's id"))
    p.add_argument("--folder", type=Path,
                   help=_("the shared folder to put the locked key file in (default: the "
                          "community's sync folder)"))  # fmt: skip
    add_passphrase_option(p)
    json_flag(p)

    p = command(actions, "unlock", community_unlock,
                _("give this device the key of an encrypted community, with its "
                  "passphrase"))  # fmt: skip
    p.add_argument("community", help=_("the community's id"))
    where = p.add_mutually_exclusive_group()
    where.add_argument("--folder", type=Path,
                       help=_("the shared folder holding the community's key file (default: "
                              "the community's sync folder)"))  # fmt: skip
    where.add_argument("--key-file", type=Path, metavar="FILE",
                       help=_("a locked key file (key.json)"))  # fmt: skip
    add_passphrase_option(p)
    json_flag(p)

    p = command(actions, "passphrase", community_passphrase,
                _("change an encrypted community's passphrase (its key stays the "
                  "same)"))  # fmt: skip
    p.add_argument("community", help=_("the community's id"))
    p.add_argument("--folder", type=Path,
                   help=_("the shared folder to put the locked key file in (default: the "
                          "community's sync folder)"))  # fmt: skip
    add_passphrase_option(p)
    json_flag(p)


def _community_actions(sub, group: Callable):
    """The subcommands of `kring community` (made by app.cli), to add ours to."""
    parser = sub.choices.get("community")
    if parser is None:
        return group("community", _("create and list communities"))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError("`kring community` has no subcommands")
