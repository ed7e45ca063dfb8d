"""`riskmap documents show | set`: the office's document settings from the command line.

The same settings as File → 文书设置 in the window (riskmap.core.documents): who issues the
documents, the office's contact, the number prefix, the seal image, the marking and the official
fonts; `set` is an admin's change and is audited. `show` also lists the register's last numbers
and which official fonts this machine has.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from riskmap.cli_auth import Passwords, password_option, sign_in
from riskmap.cli_ledger import _store, user_option
from riskmap.errors import RiskmapError


def add_parsers(sub: Any, db_option: Any) -> None:
    d = sub.add_parser("documents", help="文书设置: issuing office, contact, number prefix, seal")
    dsub = d.add_subparsers(dest="documents_command", required=True)
    show = dsub.add_parser("show", help="the settings, the register's last numbers, the fonts")
    db_option(show)
    show.add_argument("--format", choices=("table", "json"), default="table")
    st = dsub.add_parser("set", help="change the settings (an admin; audited)")
    db_option(st)
    user_option(st)
    password_option(st)
    st.add_argument("--office", default=None, help="发文机关 / 编制单位")
    st.add_argument("--contact", default=None, help="the office's contact person (联系人)")
    st.add_argument("--phone", default=None, help="the contact's phone (联系电话)")
    st.add_argument("--prefix", default=None, help="number prefix (机关代字), e.g. 石安办督")
    seal = st.add_mutually_exclusive_group()
    seal.add_argument("--seal", type=Path, default=None, metavar="FILE.png", help="seal image")
    seal.add_argument("--no-seal", action="store_true", help="remove the seal image")
    st.add_argument("--marking", default=None, help="marking at the top left, e.g. 内部资料")
    st.add_argument(
        "--title-font", default=None, metavar="FACE", help='title face ("": the bundled serif)'
    )
    st.add_argument(
        "--body-font", default=None, metavar="FACE", help='body face ("": the bundled serif)'
    )


def cmd_documents(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        if args.documents_command == "set":
            return _set(store, args)
        return _show(store, args)
    finally:
        store.dispose()


def _set(store: Any, args: argparse.Namespace) -> int:
    from riskmap.core.documents import load_document_settings, save_document_settings
    from riskmap.core.ledger import resolve_actor

    actor = resolve_actor(store, getattr(args, "user", None))
    if actor.may("admin"):
        actor = sign_in(store, actor, Passwords(args))
    old = load_document_settings(store)
    changes: dict[str, Any] = {}
    for arg, field in (
        ("office", "office"),
        ("contact", "contact_person"),
        ("phone", "contact_phone"),
        ("prefix", "number_prefix"),
        ("marking", "marking"),
        ("title_font", "title_font"),
        ("body_font", "body_font"),
    ):
        value = getattr(args, arg)
        if value is not None:
            changes[field] = value.strip() or (None if field.endswith("_font") else "")
    if args.no_seal:
        changes["seal_png"] = None
    elif args.seal is not None:
        try:
            changes["seal_png"] = args.seal.read_bytes()
        except OSError as exc:
            raise RiskmapError.of("env.os_error", path=args.seal, detail=exc.strerror) from None
    if not changes:
        raise RiskmapError(
            "nothing to set: give --office, --contact, --phone, --prefix, --seal, --no-seal, "
            "--marking, --title-font or --body-font"
        )
    save_document_settings(store, dataclasses.replace(old, **changes), actor)
    print(f"document settings saved ({', '.join(sorted(changes))})")
    return 0


def _show(store: Any, args: argparse.Namespace) -> int:
    from riskmap.brief.fonts import document_faces, installed_official_fonts
    from riskmap.core.documents import DOCUMENT_KINDS, load_document_settings, register

    s = load_document_settings(store)
    faces = document_faces(s.title_font, s.body_font)
    installed = sorted(installed_official_fonts())
    last: dict[str, dict[int, int]] = {k: {} for k in DOCUMENT_KINDS}
    for n in register(store):
        last[n.kind][n.year] = max(last[n.kind].get(n.year, 0), n.number)
    data = {
        **{k: v for k, v in dataclasses.asdict(s).items() if k != "seal_png"},
        "seal_png_bytes": len(s.seal_png) if s.seal_png else 0,
        "fonts_missing_here": list(faces.missing),
        "official_fonts_installed": installed,
        "last_numbers": {k: {str(y): n for y, n in v.items()} for k, v in last.items()},
    }
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    bundled = "the bundled serif"
    lines = [
        ("office", s.office),
        ("contact", s.contact_person or "-"),
        ("phone", s.contact_phone or "-"),
        ("number prefix", s.number_prefix),
        ("seal", f"{len(s.seal_png):,} bytes (PNG)" if s.seal_png else "none"),
        ("marking", s.marking or "-"),
        ("title font", s.title_font or bundled),
        ("body font", s.body_font or bundled),
    ]
    for label, value in lines:
        print(f"{label:>14}: {value}")
    if faces.missing:
        print(f"{'':>14}  not installed here, printed in {bundled}: {', '.join(faces.missing)}")
    print(f"{'installed':>14}: {', '.join(installed) if installed else 'no official fonts'}")
    for kind, years in last.items():
        text = ", ".join(f"{y}: {n}" for y, n in sorted(years.items())) or "none issued"
        print(f"{'last ' + kind:>14}: {text}")
    return 0


COMMANDS = {"documents": cmd_documents}
