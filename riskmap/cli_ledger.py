"""`riskmap ledger | duties | user | audit | notice`: the ledger from the command line.

Every write goes through the same core as the desktop client: the current user (`--user`, else
RISKMAP_USER, else the login name) must have the role for it, and every change is audited.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from riskmap.cli_auth import Passwords, password_option, sign_in, user_option
from riskmap.core.datum import DATUMS
from riskmap.errors import RiskmapError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def preset_key(text: str) -> str:
    """An argparse type: a preset by key, Chinese or English name (qingming, 清明, Qingming) → key.

    Every command that takes --preset parses it here, so all accept the same names and refuse an
    unknown one the same way instead of silently matching nothing.
    """
    from riskmap.core.presets import get_preset

    try:
        return get_preset(text).key
    except RiskmapError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _mapping(text: str) -> tuple[str, str]:
    column, sep, field = text.partition("=")
    if not sep or not column.strip() or not field.strip():
        raise argparse.ArgumentTypeError(f"--map needs COLUMN=FIELD, got {text!r}")
    return column.strip(), field.strip()


def add_parsers(sub: Any, db_option: Any) -> None:
    """Add the ledger, user, audit and notice subcommands to `riskmap`'s parser."""
    led = sub.add_parser("ledger", help="the hazard ledger (台账): export, import, escalate")
    db_option(led)
    user_option(led)
    lsub = led.add_subparsers(dest="ledger_command", required=True, parser_class=type(led))
    ex = lsub.add_parser("export", help="write the ledger to an XLSX file")
    db_option(ex)
    user_option(ex)
    ex.add_argument("file", type=Path, metavar="FILE.xlsx")
    ex.add_argument("--district", metavar="CODE", help="only this county or township")
    ex.add_argument("--status", default="all", help="all|open|closed|overdue|<status>")
    ex.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    im = lsub.add_parser("import", help="read a ledger XLSX or CSV: all rows or none")
    db_option(im)
    user_option(im)
    im.add_argument("file", type=Path, metavar="FILE.xlsx|FILE.csv")
    im.add_argument(
        "--map",
        type=_mapping,
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read this column of the file as this field (repeatable)",
    )
    im.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    im.add_argument(
        "--force",
        action="store_true",
        help="overwrite rows others changed since the export (or a file from another "
        "database); audited as a forced overwrite",
    )
    im.add_argument("--report", type=Path, metavar="FILE", help="save the report (.csv, .xlsx)")
    im.add_argument(
        "--create-missing",
        action="store_true",
        help="create the units and sites the file names but the database lacks (sites need "
        "lon/lat, or a township the city knows); admin",
    )
    im.add_argument(
        "--layer",
        metavar="KEY",
        default=None,
        help="--create-missing: the layer for new sites when a row has no 所属图层 (default: "
        "the layer most of the file's matched sites are on)",
    )
    im.add_argument(
        "--datum",
        choices=DATUMS,
        default=None,
        help="the file's lon/lat columns: copied from Amap (gcj02) or Baidu (bd09); "
        "default GPS/official (wgs84, cgcs2000)",
    )
    es = lsub.add_parser("escalate", help="提级: escalate overdue major hazards to the city")
    db_option(es)
    user_option(es)
    es.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    es.add_argument("--dry-run", action="store_true", help="list them, change nothing")
    tr = lsub.add_parser("transition", help="advance a rectification: start|submit|verify|reject")
    db_option(tr)
    user_option(tr)
    tr.add_argument("rectification", type=int, metavar="RECT_ID")
    tr.add_argument("action", choices=("start", "submit", "verify", "reject"))
    tr.add_argument("--note", default="", help="验收意见 (required to verify or reject)")
    password_option(tr)

    du = sub.add_parser("duties", help="responsibility lists (责任清单) to and from XLSX")
    db_option(du)
    user_option(du)
    dsub = du.add_subparsers(dest="duties_command", required=True, parser_class=type(du))
    dex = dsub.add_parser("export", help="write 部门监管责任清单 and 企业主体责任清单 to XLSX")
    db_option(dex)
    dex.add_argument("file", type=Path, metavar="FILE.xlsx")
    dim = dsub.add_parser("import", help="read the lists from XLSX: all rows or none")
    db_option(dim)
    user_option(dim)
    dim.add_argument("file", type=Path, metavar="FILE.xlsx")
    dim.add_argument("--replace", action="store_true", help="replace the lists the file holds")
    dim.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    dim.add_argument(
        "--force",
        action="store_true",
        help="write even over duties others changed since the export (or a file from another "
        "database); audited as a forced overwrite",
    )

    us = sub.add_parser("user", help="who may use the database, and in which role")
    db_option(us)
    user_option(us)
    usub = us.add_subparsers(dest="user_command", required=True, parser_class=type(us))
    ls = usub.add_parser("list", help="list the users")
    db_option(ls)
    ls.add_argument("--format", choices=("table", "json"), default="table")
    for name, text in (
        ("add", "add a user with their password"),
        ("set", "change a user's role or name"),
    ):
        a = usub.add_parser(name, help=text)
        db_option(a)
        user_option(a)
        password_option(a)
        a.add_argument("name")
        a.add_argument("--role", choices=("viewer", "editor", "admin"), required=name == "add")
        a.add_argument("--display-name", default=None)
        a.add_argument("--unit", type=int, default=None, metavar="UNIT_ID")
        if name == "set":
            a.add_argument("--inactive", action="store_true", help="may no longer log in")
    pw = usub.add_parser(
        "passwd", help="change your password (given the old one), or an admin resets one"
    )
    db_option(pw)
    user_option(pw)
    password_option(pw)
    pw.add_argument("name")

    au = sub.add_parser("audit", help="the audit trail (who changed what, before and after)")
    db_option(au)
    au.add_argument("--site", type=int, required=True, metavar="ID")
    au.add_argument("--limit", type=int, default=None)
    au.add_argument("--format", choices=("table", "json"), default="table")

    no = sub.add_parser(
        "notice",
        help="督办通知 (GB/T 9704) for a responsible unit, numbered from the office's register",
    )
    db_option(no)
    user_option(no)
    no.add_argument("--unit", required=True, metavar="ID|NAME")
    no.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    no.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    no.add_argument(
        "--draft",
        action="store_true",
        help="a preview (预览稿): no number is taken from the register",
    )


def _store(args: argparse.Namespace):
    from riskmap.demo.install import open_or_create_default
    from riskmap.settings import default_db_url
    from riskmap.store.engine import open_store

    if args.db:
        return open_store(args.db)
    store, created = open_or_create_default(default_db_url())
    if created:
        print(f"riskmap: created the demo city database at {store.url}", file=sys.stderr)
    return store


def _ledger(store: Any, args: argparse.Namespace, today: dt.date | None = None):
    from riskmap.core.ledger import Ledger, resolve_actor

    actor = resolve_actor(store, getattr(args, "user", None))
    return Ledger(store, actor, today=today)


def cmd_ledger(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        return _LEDGER[args.ledger_command](store, args)
    finally:
        store.dispose()


def _ledger_export(store: Any, args: argparse.Namespace) -> int:
    from riskmap.io.ledger_xlsx import export_ledger

    n = export_ledger(
        store,
        args.file,
        as_of=args.as_of or dt.date.today(),
        district=args.district,
        status=args.status,
    )
    print(f"wrote {n} hazards to {args.file}")
    return 0


def _ledger_import(store: Any, args: argparse.Namespace) -> int:
    from riskmap.io.ledger_xlsx import import_ledger

    led = _ledger(store, args)
    report = import_ledger(
        store,
        led.actor,
        args.file,
        mapping=dict(args.map) or None,
        dry_run=args.dry_run,
        force=args.force,
        create_missing=args.create_missing,
        layer=args.layer,
        datum=args.datum,
    )
    if args.report:
        report.write(args.report)
    out = sys.stdout if report.ok else sys.stderr
    print(report.to_text(args.lang), file=out)
    if report.offset:
        datum = report.offset[0]
        print(
            f"riskmap: add --datum {datum} to convert them, or --datum wgs84 to keep them as "
            "they are",
            file=sys.stderr,
        )
    elif report.blocked and not report.problems:
        # Someone else's newer work (exit 2, as any refusal): the user decides, not the file.
        print(
            "riskmap: nothing was written; to overwrite those changes with the file, import it "
            "again with --force",
            file=sys.stderr,
        )
    if report.creatable and not args.create_missing:
        print(
            "riskmap: if those enterprises or units are new, import again with --create-missing "
            "(new sites need lon/lat or a known township; --layer picks their layer)",
            file=sys.stderr,
        )
    return 2 if report.blocked else 1 if report.problems else 0


def _ledger_escalate(store: Any, args: argparse.Namespace) -> int:
    from riskmap.core.ledger import due_for_escalation

    as_of = args.as_of or dt.date.today()
    if args.dry_run:
        with store.session() as s:
            due = due_for_escalation(s, as_of)
    else:
        with _ledger(store, args, today=as_of).edit() as tx:
            due = tx.escalate_due(as_of)
    verb = "due for escalation" if args.dry_run else "escalated to city supervision"
    for e in due:
        print(
            f"hazard {e.hazard_id}  site {e.site_id}  deadline {e.deadline}  提级 {e.escalated_on}"
        )
    print(f"{len(due)} major hazards {verb} as of {as_of}")
    return 0


def _ledger_transition(store: Any, args: argparse.Namespace) -> int:
    from riskmap.core.ledger import next_status
    from riskmap.store.schema import Rectification

    led = _ledger(store, args)
    if args.action in ("verify", "reject") and led.actor.may("editor"):
        with store.session() as s:
            r = s.get(Rectification, args.rectification)
        if r is not None:
            next_status(r.status, args.action)  # a step that cannot happen asks no password
        # Four eyes: the reviewer proves who they are, a --user name alone is not enough.
        led.actor = sign_in(store, led.actor, Passwords(args))
    with led.edit() as tx:
        new = tx.transition(args.rectification, args.action, note=args.note)
    print(f"rectification {args.rectification}: {new}")
    return 0


_LEDGER = {
    "export": _ledger_export,
    "import": _ledger_import,
    "escalate": _ledger_escalate,
    "transition": _ledger_transition,
}


def cmd_duties(args: argparse.Namespace) -> int:
    from riskmap.io.duties_xlsx import export_duties, import_duties

    store = _store(args)
    try:
        if args.duties_command == "export":
            n = export_duties(store, args.file)
            print(f"wrote {n} duties to {args.file}")
            return 0
        actor = _ledger(store, args).actor
        report = import_duties(
            store, actor, args.file, replace=args.replace, dry_run=args.dry_run, force=args.force
        )
    finally:
        store.dispose()
    out = sys.stderr if not report.ok else sys.stdout
    for problem in report.errors:
        print(problem, file=out)
    for line in report.conflicts:
        print(line, file=out)
    print(report.summary(), file=out)
    if report.blocked and not report.errors:
        print(
            "riskmap: nothing was written; to overwrite those changes with the file, import it "
            "again with --force",
            file=sys.stderr,
        )
    return 2 if report.blocked else 1 if report.errors else 0


def cmd_user(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from riskmap.store.schema import User
    from riskmap.textout import table

    store = _store(args)
    try:
        if args.user_command == "list":
            with store.session() as s:
                users = list(s.scalars(select(User).order_by(User.name)))
            rows = [
                [u.name, u.display_name, u.role, u.unit_id or "", "yes" if u.active else "no"]
                for u in users
            ]
            if args.format == "json":
                keys = ("name", "display_name", "role", "unit_id", "active")
                data = [{k: getattr(u, k) for k in keys} for u in users]
                json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
                sys.stdout.write("\n")
            else:
                print(table(["name", "display name", "role", "unit", "active"], rows))
            return 0
        led = _ledger(store, args)
        passwords = Passwords(args)
        with store.session() as s:
            existing = s.get(User, args.name)
        if args.user_command == "passwd":
            return _passwd(store, led, args.name, existing, passwords)
        if led.actor.may("admin"):
            led.actor = sign_in(store, led.actor, passwords)
        if args.user_command == "add" and existing is not None:
            raise RiskmapError(f"user {args.name} exists; change it with: riskmap user set")
        if args.user_command == "set" and existing is None:
            raise RiskmapError(f"no user {args.name}; add it with: riskmap user add")
        role = args.role or (existing.role if existing else "viewer")
        display = args.display_name or (existing.display_name if existing else args.name)
        unit = args.unit if args.unit is not None else (existing.unit_id if existing else None)
        active = not getattr(args, "inactive", False)
        adding = args.user_command == "add" and not store.is_postgis
        if adding and led.actor.may("admin"):
            if not led.actor.authenticated:
                raise RiskmapError(
                    f"{led.actor.name} has no password yet; set it first with: "
                    f"riskmap user passwd {led.actor.name}"
                )
            new_password = passwords.new(args.name)
        with led.edit() as tx:
            tx.set_user(args.name, role, display, unit, active)  # refuses a non-admin
            if adding:
                tx.set_password(args.name, new_password)
        print(f"{args.name}: {role}{'' if active else ' (inactive)'}")
        return 0
    finally:
        store.dispose()


def _passwd(store: Any, led: Any, name: str, existing: Any, passwords: Passwords) -> int:
    """Your own password given the old one; someone else's as a signed-in admin."""
    from riskmap.core.accounts import authenticate, change_password, has_password

    if existing is None:
        raise RiskmapError(f"no user {name}; add it with: riskmap user add")
    if store.is_postgis:
        raise RiskmapError(
            "on PostgreSQL people sign in with their database login; "
            "change its password on the server (ALTER ROLE … PASSWORD)"
        )
    old = None
    if led.actor.name == name:
        if has_password(store, name):
            old = passwords.ask(f"Current password for {name}: ")
            led.actor = authenticate(store, name, old)
    elif led.actor.may("admin"):
        led.actor = sign_in(store, led.actor, passwords)
    change_password(store, led.actor, name, passwords.new(name), old=old)
    print(f"{name}: password set")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from riskmap.core.ledger import site_history
    from riskmap.textout import table

    store = _store(args)
    try:
        entries = site_history(store, args.site, limit=args.limit)
    finally:
        store.dispose()
    if args.format == "json":
        data = [
            {
                "id": e.id,
                "at": e.at.isoformat(timespec="seconds"),
                "user": e.user,
                "action": e.action,
                "table": e.table,
                "row_id": e.row_id,
                "before": e.before,
                "after": e.after,
                "note": e.note,
                "what": e.headline,
                "hazard_id": e.hazard_id,
                "reverts": e.reverts,
            }
            for e in entries
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    rows = [
        [
            f"{e.at_local:%Y-%m-%d %H:%M}",
            e.user,
            e.headline,
            f"{e.table} {e.row_id}",
            f"{e.summary} [{e.note}]" if e.note else e.summary,
        ]
        for e in entries
    ]
    print(table(["when", "who", "what", "row", "change"], rows, max_width=70))
    if not entries:
        print(f"site {args.site}: no recorded changes")
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    from riskmap.brief.notice_pdf import issue_notice_pdf, write_notice_pdf
    from riskmap.core.ledger import resolve_actor
    from riskmap.core.notice import find_unit, unit_notice

    store = _store(args)
    day = args.as_of or dt.date.today()
    try:
        unit_id = find_unit(store, args.unit)
        if args.draft:
            notice = unit_notice(store, unit_id, day)
            path = write_notice_pdf(notice, args.out)
        else:
            actor = resolve_actor(store, getattr(args, "user", None))
            notice, path = issue_notice_pdf(store, unit_id, day, actor, args.out)
    finally:
        store.dispose()
    kind = "draft, no number taken" if notice.draft else notice.number
    print(f"wrote {path} ({kind}; {len(notice.items)} open rectifications)")
    from riskmap.brief.fonts import document_faces

    missing = document_faces(notice.settings.title_font, notice.settings.body_font).missing
    if missing:
        print(
            f"riskmap: {', '.join(missing)} not installed here: set in the bundled serif",
            file=sys.stderr,
        )
    return 0


COMMANDS = {
    "ledger": cmd_ledger,
    "duties": cmd_duties,
    "user": cmd_user,
    "audit": cmd_audit,
    "notice": cmd_notice,
}
