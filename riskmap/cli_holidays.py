"""`riskmap holidays`: the holiday calendar (节假日安排) of a database.

riskmap holidays set 清明 2027 2027-04-03 2027-04-05   # the State Council's notice
riskmap holidays list [--year 2027]
riskmap holidays unset 清明 2027
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from riskmap.cli_ledger import _date, _store, preset_key, user_option

PRESET_HELP = "the holiday: qingming, labor_day, … or its name (清明, 五一, Qingming)"


def add_parsers(sub: Any, db_option: Any) -> None:
    h = sub.add_parser("holidays", help="the holiday calendar: official breaks entered by hand")
    db_option(h)
    user_option(h)
    hsub = h.add_subparsers(dest="holidays_command", required=True, parser_class=type(h))
    st = hsub.add_parser("set", help="enter a holiday's break in a year, as the notice gives it")
    db_option(st)
    user_option(st)
    st.add_argument("preset", type=preset_key, metavar="HOLIDAY", help=PRESET_HELP)
    st.add_argument("year", type=int)
    st.add_argument("start", type=_date, metavar="YYYY-MM-DD")
    st.add_argument("end", type=_date, metavar="YYYY-MM-DD")
    st.add_argument("--note", default="", help="e.g. the notice's number (国办发明电〔2026〕…)")
    un = hsub.add_parser("unset", help="remove an entered break (back to the calendar or rules)")
    db_option(un)
    user_option(un)
    un.add_argument("preset", type=preset_key, metavar="HOLIDAY", help=PRESET_HELP)
    un.add_argument("year", type=int)
    ls = hsub.add_parser("list", help="the entered breaks, or every holiday's days in a year")
    db_option(ls)
    ls.add_argument("--year", type=int, default=None, help="every holiday of that year and why")
    ls.add_argument("--format", choices=("table", "json"), default="table")


def cmd_holidays(args: argparse.Namespace) -> int:
    from riskmap.core.holidays import set_holiday, unset_holiday
    from riskmap.core.ledger import resolve_actor
    from riskmap.core.presets import preset_name

    store = _store(args)
    zh = args.lang == "zh"
    try:
        if args.holidays_command == "list":
            return _list(store, args)
        actor = resolve_actor(store, getattr(args, "user", None))
        name = preset_name(args.preset, args.lang)
        if args.holidays_command == "set":
            h = set_holiday(store, actor, args.preset, args.year, args.start, args.end, args.note)
            days = (h.end - h.start).days + 1
            print(
                f"{h.year} 年{name}：{h.start} 至 {h.end}，共 {days} 天（已录入）"
                if zh
                else f"{name} {h.year}: {h.start} – {h.end}, {days} days (entered)"
            )
            return 0
        if not unset_holiday(store, actor, args.preset, args.year):
            print(
                f"{args.year} 年{name}没有录入的日期"
                if zh
                else f"nothing entered for {name} {args.year}",
                file=sys.stderr,
            )
            return 1
        print(f"已删除 {args.year} 年{name}的录入日期" if zh else f"removed {name} {args.year}")
        return 0
    finally:
        store.dispose()


def _list(store: Any, args: argparse.Namespace) -> int:
    from riskmap.core.catalog import PRESET_KEYS
    from riskmap.core.holidays import list_holidays
    from riskmap.core.presets import holiday_window, preset_name
    from riskmap.errors import RiskmapError
    from riskmap.textout import table

    lang = args.lang
    rows: list[dict[str, Any]] = []
    if args.year is None:
        for h in list_holidays(store):
            rows.append(_row(h.preset, h.year, h.window, lang, h.note))
    else:
        for key in PRESET_KEYS:
            try:
                w = holiday_window(key, args.year, estimate=True, store=store)
            except RiskmapError:
                continue  # a lunar holiday beyond the table: nothing to show for that year
            rows.append(_row(key, args.year, w, lang))
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    heads = (
        ["节日", "年份", "开始", "结束", "天数", "来源", "备注"]
        if lang == "zh"
        else ["holiday", "year", "from", "to", "days", "source", "note"]
    )
    body = [
        [preset_name(r["preset"], lang), r["year"], r["start"], r["end"], r["days"], r["source"],
         r["note"]]
        for r in rows
    ]  # fmt: skip
    print(table(heads, body, max_width=48))
    return 0


def _row(key: str, year: int, w: Any, lang: str, note: str = "") -> dict[str, Any]:
    return {
        "preset": key,
        "year": year,
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "days": w.days,
        "source": w.source_text(lang),
        "note": note,
    }


COMMANDS = {"holidays": cmd_holidays}
