"""The `kring` command line: the desktop app without arguments, headless subcommands with them."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app import __version__, i18n
from app.domain.errors import KringError
from app.i18n import _

EXIT_REFUSED = 1
EXIT_USAGE = 2


def default_data_dir() -> Path:
    env = os.environ.get("KRING_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("Kring", "Kring"))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, _("kring: {message}").format(message=message) + "\n")


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


# --- handlers ------------------------------------------------------------------
# Each takes the open workspace and the parsed arguments; services do the work.


def _member_fields(args: argparse.Namespace) -> dict[str, Any]:
    fields = {}
    for key in ("name", "email", "phone", "organisation", "department", "role", "brought_by"):
        value = getattr(args, key, None)
        if value is not None:
            fields[key] = value
    for key in ("consent_directory", "consent_contact"):
        if getattr(args, key, None) is not None:
            fields[key] = getattr(args, key)
    return fields


def community_create(ws, args):
    from app.services import communities

    print(communities.create(ws, args.name, purpose=args.purpose).id)


def community_list(ws, args):
    from app.services import communities

    rows = communities.list_all(ws)
    if args.json:
        _print_json([c.to_dict() for c in rows])
    else:
        for c in rows:
            print(f"{c.id}\t{c.name}")


def member_add(ws, args):
    from app.services import members

    fields = _member_fields(args)
    name = fields.pop("name")
    print(members.add(ws, args.community, name, **fields).id)


def member_update(ws, args):
    from app.services import members

    members.update(ws, args.member, **_member_fields(args))


def member_delete(ws, args):
    from app.services import members

    members.delete(ws, args.member)


def member_list(ws, args):
    from app.services import communities, members

    communities.get(ws, args.community)
    rows = members.list_members(ws, args.community)
    if args.json:
        _print_json([m.to_dict() for m in rows])
    else:
        for m in rows:
            print("\t".join([m.id, m.name, m.email or "", m.organisation or ""]))


def member_import(ws, args):
    from app.services import member_io

    report = member_io.import_members(
        ws, args.community, args.file, dry_run=args.dry_run, skip_bad=args.skip_bad
    )
    for bad in report.bad:
        print(_("line {line}: {message}").format(line=bad.line, message=bad.message),
              file=sys.stderr)  # fmt: skip
    summary = _("{added} to add, {updated} to update, {same} unchanged, {bad} bad rows").format(
        added=report.to_add, updated=report.to_update, same=report.unchanged, bad=len(report.bad)
    )
    if args.dry_run:
        print(_("Dry run, nothing changed: {summary}.").format(summary=summary))
    elif report.imported:
        print(_("Imported: {summary}.").format(summary=summary))
    else:
        print(_("Nothing imported: {summary}. Fix the rows above, or use --skip-bad to import "
                "the good rows only.").format(summary=summary), file=sys.stderr)  # fmt: skip
        return EXIT_REFUSED
    return 0


def member_export(ws, args):
    from app.services import member_io

    data = member_io.export_members(ws, args.community, args.format)
    if args.out:
        Path(args.out).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def question_add(ws, args):
    from app.services import questions

    print(questions.add(ws, args.community, args.title, description=args.description,
                        owner=args.owner).id)  # fmt: skip


def question_list(ws, args):
    from app.services import communities, questions

    communities.get(ws, args.community)
    rows = questions.list_questions(ws, args.community)
    if args.json:
        _print_json([q.to_dict() for q in rows])
    else:
        for q in rows:
            print(f"{q.id}\t{q.status}\t{q.title}")


def session_add(ws, args):
    from app.services import sessions

    changes = sessions.add(
        ws, args.community, args.title, starts_at=args.starts, ends_at=args.ends,
        location=args.location, questions=tuple(args.question or ()),
    )  # fmt: skip
    print(changes.id)


def session_checkin(ws, args):
    from app.services import attendance

    attendance.check_in(ws, args.session, args.member, brought_by=args.brought_by)


def session_capture(ws, args):
    from app.services import contributions, sessions

    session = sessions.get(ws, args.session)
    changes = contributions.capture(
        ws, session.community, args.text, session=args.session, question=args.question,
        author=args.author, kind=args.kind,
    )  # fmt: skip
    print(changes.id, flush=True)


def session_list(ws, args):
    from app.services import communities, sessions

    communities.get(ws, args.community)
    rows = sessions.list_sessions(ws, args.community)
    if args.json:
        _print_json([s.to_dict() for s in rows])
    else:
        for s in rows:
            print(f"{s.id}\t{s.starts_at or ''}\t{s.title}")


def session_show(ws, args):
    from app.services import sessions

    detail = sessions.show(ws, args.session)
    if args.json:
        _print_json(detail.to_dict())
    else:
        s = detail.session
        print(f"{s.title}\t{s.starts_at or ''}\t{s.location or ''}")
        for item in detail.agenda:
            print(f"  - {item.title}")
        print(_("{n} attending, {c} contributions").format(
            n=len(detail.attendance), c=len(detail.contributions)))  # fmt: skip


def action_add(ws, args):
    from app.services import actions

    print(actions.add(ws, args.community, args.text, owner=args.owner, due_on=args.due,
                      session=args.session).id)  # fmt: skip


def action_list(ws, args):
    from app.services import actions, communities

    communities.get(ws, args.community)
    rows = actions.list_actions(ws, args.community, status=args.status)
    if args.json:
        _print_json([a.to_dict() for a in rows])
    else:
        for a in rows:
            print(f"{a.id}\t{a.status}\t{a.due_on or ''}\t{a.text}")


def export(ws, args):
    from app.services import export as export_service

    sys.stdout.write(export_service.community_json(ws, args.community))


def search(ws, args):
    from app.services import search as search_service

    hits = search_service.search(ws, args.community, args.text, limit=args.limit)
    if args.json:
        _print_json([_hit_dict(h) for h in hits])
    else:
        for h in hits:
            print(f"{h.entity}\t{h.id}\t{h.snippet}")


def _hit_dict(hit) -> dict[str, Any]:
    return {"entity": hit.entity, "id": hit.id, "title": hit.title, "snippet": hit.snippet}


def demo(ws, args):
    from app.services import demo as demo_service

    print(demo_service.create_demo(ws, members=args.members, sessions=args.sessions,
                                   contributions=args.contributions, seed=args.seed))  # fmt: skip


def _handouts():
    """The PDF renderer, or a message saying how to get it (reportlab is an optional extra)."""
    try:
        from app.handouts import render
    except ImportError as exc:
        raise KringError(
            _("Printing needs reportlab ({error}): install Kring with its print extra.").format(
                error=exc
            )
        ) from None
    return render


def handout(ws, args):
    from app.domain.errors import ValidationError

    render = _handouts()
    if args.kind == "dossier":
        if not args.question or args.session:
            raise ValidationError(_("A dossier is about a question: give --question QID and no "
                                    "session."))  # fmt: skip
        pdf = render.dossier_pdf(ws, args.question, paper=args.paper)
    else:
        if not args.session or args.question:
            raise ValidationError(_("Which session? Give its id: kring handout SESSION --kind "
                                    "{kind} --out FILE.pdf").format(kind=args.kind))  # fmt: skip
        pdf = render.session_pdf(ws, args.session, args.kind, paper=args.paper, badges=args.badges)
    render.write_pdf(args.out, pdf)


def directory(ws, args):
    render = _handouts()
    render.write_pdf(args.out, render.directory_pdf(ws, args.community, paper=args.paper))


# --- parser ----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kring",
        description=_(
            "Kring for facilitators of hybrid communities. Without a command, "
            "the desktop app opens."
        ),
    )
    parser.add_argument("--version", action="version", version=f"Kring {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=_("folder holding Kring's data (default: $KRING_DATA_DIR or the "
                               "user data folder)"))  # fmt: skip
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of messages"))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def command(group, name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        p = group.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    def group(name: str, help_text: str):
        p = sub.add_parser(name, help=help_text)
        g = p.add_subparsers(dest="action", parser_class=_Parser, required=True)
        return g

    def json_flag(p):
        p.add_argument("--json", action="store_true", help=_("print JSON"))

    g = group("community", _("create and list communities"))
    p = command(g, "create", community_create, _("create a community; prints its id"))
    p.add_argument("--name", required=True)
    p.add_argument("--purpose")
    json_flag(command(g, "list", community_list, _("list the communities")))

    g = group("member", _("add, change, list, import and export members"))
    for name, handler in (("add", member_add), ("update", member_update)):
        p = command(g, name, handler, _("add a member; prints the id") if name == "add"
                    else _("change a member"))  # fmt: skip
        if name == "add":
            p.add_argument("--community", required=True)
            p.add_argument("--name", required=True)
        else:
            p.add_argument("member")
            p.add_argument("--name")
        for opt in ("--email", "--phone", "--organisation", "--department", "--role"):
            p.add_argument(opt)
        p.add_argument("--brought-by")
        p.add_argument("--consent-directory", action="store_true", default=None,
                       help=_("may be listed on a printed directory"))  # fmt: skip
        p.add_argument("--consent-contact", action="store_true", default=None,
                       help=_("contact details may be shared with other members"))  # fmt: skip
    p = command(g, "delete", member_delete, _("delete a member"))
    p.add_argument("member")
    p = command(g, "list", member_list, _("list a community's members"))
    p.add_argument("--community", required=True)
    json_flag(p)
    p = command(g, "import", member_import, _("import members from a CSV file"))
    p.add_argument("--community", required=True)
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help=_("show what would happen"))
    p.add_argument("--skip-bad", action="store_true", help=_("import the good rows only"))
    p = command(g, "export", member_export, _("export members as CSV, JSON or vCard"))
    p.add_argument("--community", required=True)
    p.add_argument("--format", choices=("csv", "json", "vcf"), default="csv")
    p.add_argument("--out", type=Path)

    g = group("question", _("add and list questions"))
    p = command(g, "add", question_add, _("add a question; prints its id"))
    p.add_argument("--community", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--description")
    p.add_argument("--owner")
    p = command(g, "list", question_list, _("list a community's questions"))
    p.add_argument("--community", required=True)
    json_flag(p)

    g = group("session", _("plan sessions, check people in, capture contributions"))
    p = command(g, "add", session_add, _("plan a session; prints its id"))
    p.add_argument("--community", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--starts", required=True, help=_("start, ISO 8601 (2026-03-14T19:30)"))
    p.add_argument("--ends")
    p.add_argument("--location")
    p.add_argument("--question", action="append", help=_("a question on the agenda"))
    p = command(g, "checkin", session_checkin, _("check a member in"))
    p.add_argument("session")
    p.add_argument("member")
    p.add_argument("--brought-by")
    p = command(g, "capture", session_capture, _("capture a contribution; prints its id"))
    p.add_argument("session")
    p.add_argument("--text", required=True)
    p.add_argument("--question")
    p.add_argument("--author")
    p.add_argument("--kind", default="idea")
    p = command(g, "list", session_list, _("list a community's sessions"))
    p.add_argument("--community", required=True)
    json_flag(p)
    p = command(g, "show", session_show, _("a session with agenda, attendance, contributions"))
    p.add_argument("session")
    json_flag(p)

    g = group("action", _("add and list actions"))
    p = command(g, "add", action_add, _("add an action; prints its id"))
    p.add_argument("--community", required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--owner")
    p.add_argument("--due", help=_("due date, 2026-03-14"))
    p.add_argument("--session")
    p = command(g, "list", action_list, _("list a community's actions"))
    p.add_argument("--community", required=True)
    p.add_argument("--status", choices=("open", "done", "dropped"))
    json_flag(p)

    p = command(sub, "export", export, _("a canonical dump of a community"))
    p.add_argument("--community", required=True)
    p.add_argument("--json", action="store_true", required=True)

    p = command(sub, "search", search, _("search a community"))
    p.add_argument("--community", required=True)
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=20)
    json_flag(p)

    p = command(sub, "demo", demo, _("create a realistic demo community; prints its id"))
    p.add_argument("--members", type=int, default=120)
    p.add_argument("--sessions", type=int, default=24)
    p.add_argument("--contributions", type=int, default=600)
    p.add_argument("--seed", type=int, default=2026)

    def pdf_options(p):
        p.add_argument("--out", type=Path, required=True, help=_("the PDF file to write"))
        p.add_argument("--paper", choices=("a4", "letter"), default="a4")
        p.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                       help=_("language of the PDF"))  # fmt: skip

    p = command(sub, "handout", handout,
                _("print a session's handout, sign-in sheet, minutes or name badges, or a "
                  "question's dossier, as PDF"))  # fmt: skip
    p.add_argument("session", nargs="?")
    p.add_argument("--question", help=_("the question of a dossier"))
    p.add_argument("--kind", required=True,
                   choices=("agenda", "signin", "minutes", "badges", "dossier"))  # fmt: skip
    p.add_argument("--badges", choices=("2x4", "2x5"), default="2x4",
                   help=_("labels per sheet: columns × rows"))  # fmt: skip
    pdf_options(p)

    p = command(sub, "directory", directory, _("print the member directory as PDF"))
    p.add_argument("--community", required=True)
    pdf_options(p)
    from app import cli_sync

    cli_sync.register(sub, command, group, json_flag)
    return parser


def main(argv: Sequence[str] | None = None, open_gui: Callable[[Path], int] | None = None) -> int:
    """Run a subcommand; without one, call `open_gui` (the launcher passes the desktop app)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(_language_from(argv))
    if open_gui is not None:
        data_dir = _desktop_data_dir(argv)
        if data_dir is not None:  # no command: straight to the window, no parser to build
            return open_gui(data_dir)
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir = args.data_dir or default_data_dir()
    if args.command is None:
        if open_gui is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return open_gui(data_dir)
    from app.services.workspace import Workspace

    try:
        ws = Workspace.open(data_dir)
    except KringError as exc:
        print(_("kring: {message}").format(message=exc), file=sys.stderr)
        return EXIT_REFUSED
    try:
        return args.handler(ws, args) or 0
    except KringError as exc:
        print(_("kring: {message}").format(message=exc), file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        return 0
    finally:
        ws.close()


def _desktop_data_dir(argv: list[str]) -> Path | None:
    """The data folder, when `argv` holds nothing but well-formed global options: the
    desktop app opens. Read without the full parser, which takes a good part of the
    window's start-up to build. None for anything else, which the parser then handles."""
    data_dir = None
    rest = list(argv)
    while rest:
        option, *value = rest.pop(0).split("=", 1)
        if option not in ("--data-dir", "--lang"):
            return None
        if not value:
            if not rest or rest[0].startswith("-"):
                return None
            value = [rest.pop(0)]
        if option == "--lang" and value[0] not in i18n.LANGUAGES:
            return None
        if option == "--data-dir":
            data_dir = Path(value[0])
    return data_dir or default_data_dir()


def _language_from(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None
