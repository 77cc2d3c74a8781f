"""The `kring conflicts` subcommands: list what needs a human decision, and resolve it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from app.i18n import _

Command = Callable[..., argparse.ArgumentParser]

_JSON_FIELDS = ("id", "table", "row", "field", "record", "field_label", "current_value",
                "other_value", "current_stamp", "other_stamp", "created_at")  # fmt: skip


def conflicts_list(ws, args) -> None:
    from app.services import conflicts

    found = conflicts.list_conflicts(ws, args.community)
    if args.json:
        rows = [{k: getattr(c, k) for k in _JSON_FIELDS} for c in found]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return
    for c in found:
        print("\t".join([c.id, c.record, c.field_label, _show(c.current_value),
                         _show(c.other_value)]))  # fmt: skip


def conflicts_resolve(ws, args) -> None:
    from app.services import conflicts

    conflicts.resolve(ws, args.conflict, keep=args.keep, text=args.text)


def _show(value: str | None) -> str:
    return _("(empty)") if value is None else " ".join(value.split())


def register(sub, command: Command, group: Callable, json_flag: Callable) -> None:
    """Add `kring conflicts list|resolve` to the `kring` parser."""
    from app.domain.model import CONFLICT_KEEP as KEEP

    g = group("conflicts", _("list and resolve values that edits on two laptops both changed"))
    p = command(g, "list", conflicts_list,
                _("list a community's open conflicts: id, record, field, current value, "
                  "other value"))  # fmt: skip
    p.add_argument("--community", required=True)
    json_flag(p)
    p = command(g, "resolve", conflicts_resolve,
                _("resolve a conflict; the choice reaches the other laptops at their next "
                  "sync"))  # fmt: skip
    p.add_argument("conflict", help=_("the conflict's id, from kring conflicts list"))
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--keep", choices=KEEP,
                        help=_("keep the value the record has now (mine) or the other one "
                               "(theirs)"))  # fmt: skip
    choice.add_argument("--text", help=_("a merged value to keep instead"))
