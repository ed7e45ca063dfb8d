"""Checking each imported row against the database and the ledger's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from riskmap import terms
from riskmap.core.ledger_import import IMPORT_HAZARD_FIELDS, IMPORT_RECT_FIELDS, ImportedHazard
from riskmap.io.ledger_xlsx.columns import _ATTR_ZH, _BY_KEY, _norm
from riskmap.io.ledger_xlsx.lookups import _Lookups
from riskmap.io.ledger_xlsx.missing import Missing, describe_site, near
from riskmap.io.ledger_xlsx.names import name_key
from riskmap.io.ledger_xlsx.read import _Row
from riskmap.io.ledger_xlsx.report import Problem
from riskmap.io.ledger_xlsx.versions import RoundTrip
from riskmap.store.schema import Hazard, Rectification

_HAZARD_KEYS = ("level", "category", "description", "found_on", "found_by", "inspection_id")
_RECT_KEYS = (
    "measures",
    "deadline",
    "unit",
    "unit_id",
    "person",
    "funds",
    "status",
    "submitted_by",
    "submitted_on",
    "verified_by",
    "verified_on",
    "review_note",
)


class _Validator:
    def __init__(
        self,
        lk: _Lookups,
        named: Mapping[str, str],
        today: dt.date,
        rt: RoundTrip | None = None,
        missing: Missing | None = None,
    ) -> None:
        self.lk = lk
        # What a named ledger lacks: listed with candidates, or planned as new (create_missing).
        self.missing = missing
        self.named = named
        self.today = today
        self.rt = rt  # the file against the database since its export (versions, workflow)
        self.problems: list[Problem] = []
        # A row names a site or unit the database lacks, which create_missing would create.
        self.creatable = False
        self._wanted: dict[str, Any] | None = None  # the file's rectification, before `rt`

    def problem(
        self, row: _Row, key: str, zh: str, en: str, candidates: list[str] | None = None
    ) -> None:
        column = self.named.get(key) or _BY_KEY[key].header
        self.problems.append(Problem(row.n, column, zh, en, tuple(candidates or ())))

    def has(self, row: _Row, key: str) -> bool:
        """The row gives a usable value for `key` (present, not blank, parsed)."""
        return key in row.cells and row.cells[key] is not None and key not in row.bad

    def row(self, row: _Row, first_row_of: dict[int, int]) -> ImportedHazard | None:
        before = len(self.problems)
        self._wanted = None
        c = row.cells
        hid = c.get("hazard_id") if "hazard_id" not in row.bad else None
        if hid is not None:
            if hid in first_row_of:
                self.problem(
                    row,
                    "hazard_id",
                    f"隐患编号 {hid} 与第 {first_row_of[hid]} 行重复",
                    f"hazard id {hid} is also on row {first_row_of[hid]}",
                )
            else:
                first_row_of[hid] = row.n
        old = self.lk.hazards.get(hid) if hid is not None else None
        old_rect = self.lk.rects.get(hid) if old is not None else None
        site = self.site(row, old)
        if hid is None and site is not None and site.id > 0:
            # A 台账 imported again: its row is the hazard it created then, not a second one.
            old = self.lk.same_hazard(site.id, c.get("found_on"), c.get("description"))
            if old is not None:
                hid = old.id
                old_rect = self.lk.rects.get(hid)
                if hid in first_row_of:
                    self.problem(
                        row,
                        "description",
                        f"与第 {first_row_of[hid]} 行是同一条隐患"
                        "（同一风险点、发现日期和隐患名称）",
                        f"the same hazard as row {first_row_of[hid]} (site, date, description)",
                    )
                first_row_of.setdefault(hid, row.n)
        hazard = self.hazard(row, old)
        rect = self.rectification(row, site, hazard, old_rect)
        if len(self.problems) > before or site is None or hazard is None:
            return None
        if self.rt is not None:
            self.rt.compare(self, row, hazard, rect, self._wanted, old, old_rect)
            if len(self.problems) > before:
                return None
        return ImportedHazard(
            site_id=site.id,
            hazard=hazard,
            rectification=rect,
            hazard_id=hid,
            hazard_version=old.version if old is not None else None,
            rect_version=old_rect.version if old_rect is not None else None,
        )

    # -- the site ------------------------------------------------------------------------------

    def site(self, row: _Row, old: Hazard | None) -> Any:
        c, lk = row.cells, self.lk
        layer = None
        if self.has(row, "layer"):
            layer = lk.layer_keys.get(_norm(c["layer"]))
            if layer is None:
                self.problem(
                    row,
                    "layer",
                    f"没有名为「{c['layer']}」的图层",
                    f"no layer named {c['layer']!r}",
                )
        site = None
        if "site_id" in row.bad:
            return None
        if self.has(row, "site_id"):
            site = lk.sites.get(c["site_id"])
            if site is None:
                self.problem(
                    row,
                    "site_id",
                    f"没有编号为 {c['site_id']} 的风险点",
                    f"no site with id {c['site_id']}",
                )
                return None
            if self.has(row, "site_name") and name_key(c["site_name"]) != name_key(site.name):
                self.problem(
                    row,
                    "site_name",
                    f"风险点 {site.id} 名为「{site.name}」，与「{c['site_name']}」不符",
                    f"site {site.id} is named {site.name!r}, not {c['site_name']!r}",
                )
            township, county = lk.tree.township_county(site.district_code)
            for key, have in (("township", township), ("county", county)):
                if self.has(row, key) and name_key(c[key]) != name_key(have):
                    self.problem(
                        row,
                        key,
                        f"风险点 {site.id} 在「{have or '—'}」，不在「{c[key]}」",
                        f"site {site.id} is in {have or '—'}, not {c[key]}",
                    )
        elif self.has(row, "site_name"):
            site = self.site_by_name(row, layer, old)
            if site is None:
                return None
        elif old is not None:
            site = lk.sites.get(old.site_id)
        else:
            self.problem(row, "site_id", "缺少风险点编号或风险点名称", "no site id or site name")
            return None
        if site is None:
            return None
        if layer is not None and site.layer != layer:
            have = lk.layer_names.get(site.layer, site.layer)
            self.problem(
                row,
                "layer",
                f"风险点 {site.id} 属于图层「{have}」，不是「{c['layer']}」",
                f"site {site.id} is on layer {site.layer}, not {layer}",
            )
        if old is not None and old.site_id != site.id:
            self.problem(
                row,
                "site_id" if "site_id" in c else "site_name",
                f"隐患 {old.id} 属于风险点 {old.site_id}，不能改到风险点 {site.id}",
                f"hazard {old.id} is at site {old.site_id}; it cannot move to site {site.id}",
            )
        return site

    def site_by_name(self, row: _Row, layer: str | None, old: Hazard | None) -> Any:
        """The site a row names: one of that name (after `name_key`), narrowed by the row's
        county, township, layer, address and coordinates; a new one (create_missing) when no
        site has the name, or none of its namesakes is at the row's place."""
        c, lk = row.cells, self.lk
        name = c["site_name"]
        found = lk.site_names.exact(name)
        if not found:
            return self.missing_site(row, name, layer, lk.site_names.closest(name), "")
        cands = found
        for key in ("county", "township"):
            if self.has(row, key):
                cands = [s for s in cands if self._in(s, key, c[key])]
        if layer is not None:
            cands = [s for s in cands if s.layer == layer]
        elif self.missing is not None and self.missing.layer and len({s.layer for s in cands}) > 1:
            # A venue and the square's road share a name: the file's own layer (the one its
            # other enterprises are on, or the import's) is the one the row means.
            cands = [s for s in cands if s.layer == self.missing.layer] or cands
        if old is not None and any(s.id == old.site_id for s in cands):
            return next(s for s in cands if s.id == old.site_id)
        if len(cands) > 1 and self.has(row, "address"):
            # An address written another way excludes nobody; the same address picks one.
            same = [s for s in cands if name_key(s.address) == name_key(c["address"])]
            cands = same or cands
        at = self.missing.point(row) if self.missing is not None else None
        if at is not None and cands:
            cands = near(cands, at)
        if len(cands) == 1:
            return cands[0]
        tree = lk.tree
        if not cands:
            # Namesakes elsewhere only: a different enterprise of the same name, or a wrong
            # township or coordinate; the user decides, create_missing says "a new one".
            where = "、".join(str(c[k]) for k in ("county", "township") if self.has(row, k))
            here = f"{where}" if where else "本行所给位置附近"
            return self.missing_site(
                row,
                name,
                layer,
                found,
                f"有 {len(found)} 个名为「{name}」的风险点，但{here}没有",
            )
        shown = [describe_site(s, tree) for s in cands]
        self.problem(
            row,
            "site_name",
            f"有 {len(cands)} 个名为「{name}」的风险点，无法确定是哪一个（请填写风险点编号、"
            f"所属镇办、地址或经纬度）；候选：{'、'.join(shown)}",
            f"{len(cands)} sites are named {name!r}; give the site id, the township, the "
            f"address or lon/lat; candidates: {', '.join(str(s.id) for s in cands)}",
            candidates=shown,
        )
        return None

    def missing_site(
        self, row: _Row, name: str, layer: str | None, near_names: list[Any], why: str
    ) -> Any:
        """A new site for a name the database lacks (create_missing), else the problem with the
        closest names."""
        shown = [describe_site(s, self.lk.tree) for s in near_names]
        if self.missing is not None and self.missing.create:
            new, zh, en = self.missing.site(row, name, layer)
            if new is not None:
                return new
        else:
            zh, en = "", ""
            self.creatable = True
        head = why or f"没有名为「{name}」的风险点"
        head_en = f"no site named {name!r}" if not why else f"no site named {name!r} there"
        if zh:
            head, head_en = f"{head}；{zh}", f"{head_en}; {en}"
        if shown:
            head += f"；{'同名的风险点' if why else '相近的名称'}：{'、'.join(shown)}"
            head_en += f"; closest: {', '.join(str(s.id) for s in near_names)}"
        self.problem(row, "site_name", head, head_en, candidates=shown)
        return None

    def _in(self, site: Any, key: str, name: str) -> bool:
        township, county = self.lk.tree.township_county(site.district_code)
        return name_key(township if key == "township" else county) == name_key(name)

    # -- the hazard ----------------------------------------------------------------------------

    def hazard(self, row: _Row, old: Hazard | None) -> dict[str, Any] | None:
        c = row.cells
        h: dict[str, Any] = (
            {k: getattr(old, k) for k in IMPORT_HAZARD_FIELDS}
            if old is not None
            else {
                "level": None,
                "category": "",
                "description": "",
                "found_on": None,
                "found_by": "",
                "inspection_id": None,
                "escalation": 0,
                "escalated_on": None,
            }
        )
        ok = True
        for key in _HAZARD_KEYS:
            if key in row.bad:
                ok = False
            elif key in c:
                h[key] = (
                    c[key]
                    if c[key] is not None
                    else ("" if key in ("category", "description", "found_by") else None)
                )
        for key, zh, en in (
            ("description", "缺少隐患名称（隐患内容）", "no hazard description"),
            ("level", "缺少隐患等级", "no hazard level"),
            ("found_on", "缺少发现日期", "no date found"),
        ):
            if key not in row.bad and not h[key]:
                self.problem(row, key, zh, en)
                ok = False
        if h["found_on"] and h["found_on"] > self.today:
            self.problem(
                row,
                "found_on",
                f"发现日期 {h['found_on']} 晚于今天",
                f"found on {h['found_on']}, in the future",
            )
            ok = False
        if (
            h["inspection_id"] is not None
            and "inspection_id" in c
            and (h["inspection_id"] not in self.lk.inspections)
        ):
            self.problem(
                row,
                "inspection_id",
                f"没有编号为 {h['inspection_id']} 的督查",
                f"no inspection with id {h['inspection_id']}",
            )
            ok = False
        if "escalated" in row.bad or "escalated_on" in row.bad:
            return None
        if "escalated_on" in c:
            h["escalated_on"] = c["escalated_on"]
        if "escalated" in c:
            if c["escalated"] is None:
                h["escalation"] = 1 if h["escalated_on"] else 0
            else:
                h["escalation"] = 1 if c["escalated"] else 0
        elif "escalated_on" in c:
            h["escalation"] = 1 if h["escalated_on"] else 0
        if h["escalation"] == 0 and h["escalated_on"] is not None:
            self.problem(
                row,
                "escalated_on",
                "未提级督办却填写了提级日期",
                "an escalation date but not escalated",
            )
            ok = False
        if h["escalated_on"] and h["escalated_on"] > self.today:
            self.problem(
                row,
                "escalated_on",
                f"提级日期 {h['escalated_on']} 晚于今天",
                f"escalated on {h['escalated_on']}, in the future",
            )
            ok = False
        return h if ok else None

    # -- the rectification ---------------------------------------------------------------------

    def rectification(
        self,
        row: _Row,
        site: Any,
        hazard: dict[str, Any] | None,
        old: Rectification | None,
    ) -> dict[str, Any] | None:
        c = row.cells
        given = [k for k in _RECT_KEYS if k in row.bad or c.get(k) is not None]
        # 待整改 alone is what a hazard without an order is: it describes no rectification.
        if not given or (given == ["status"] and c["status"] == "open"):
            if old is not None and hazard is not None:
                self.order_left_as_is(row, hazard["found_on"], old)
            return None
        if old is not None:
            r: dict[str, Any] = {k: getattr(old, k) for k in IMPORT_RECT_FIELDS}
        else:
            r = dict.fromkeys(IMPORT_RECT_FIELDS)
            r.update(status="open", responsible_person="", review_note="", measures="")
        plain = {
            "measures": "measures",
            "deadline": "deadline",
            "person": "responsible_person",
            "funds": "funds",
            "submitted_by": "submitted_by",
            "submitted_on": "submitted_on",
            "verified_by": "verified_by",
            "verified_on": "verified_on",
            "review_note": "review_note",
        }
        for key, attr in plain.items():
            if key in c and key not in row.bad:
                v = c[key]
                if v is None and attr in ("measures", "responsible_person", "review_note"):
                    v = ""
                elif v == "" and attr in ("submitted_by", "verified_by"):
                    v = None
                r[attr] = v
        if c.get("status") is not None and "status" not in row.bad:
            r["status"] = c["status"]
        unit_ok = self.unit(row, site, r, old)
        bad = set(row.bad) & set(_RECT_KEYS)
        before = len(self.problems)
        self._wanted = dict(r)
        if old is not None and self.rt is not None and not bad:
            self.rt.workflow(self, row, r, old)
        status = r["status"]
        if "measures" not in bad and not r["measures"]:
            self.problem(row, "measures", "缺少整改措施", "no rectification measures")
        if "deadline" not in bad:
            if r["deadline"] is None:
                self.problem(row, "deadline", "缺少整改期限", "no deadline")
            elif hazard is not None and hazard["found_on"] and r["deadline"] < hazard["found_on"]:
                self.problem(
                    row,
                    "deadline",
                    f"整改期限 {r['deadline']} 早于发现日期 {hazard['found_on']}",
                    f"deadline {r['deadline']} is before the hazard was found "
                    f"({hazard['found_on']})",
                )
        found, submitted = hazard["found_on"] if hazard else None, r["submitted_on"]
        if "submitted_on" not in bad and found and submitted and submitted < found:
            self.problem(
                row,
                "submitted_on",
                f"提交日期 {submitted} 早于发现日期 {found}",
                f"submitted on {submitted}, before the hazard was found ({found})",
            )
        if "status" not in bad:
            self.status_rules(row, r, bad)
        if (
            old is not None
            and old.status == "verified"
            and not (bad or len(self.problems) > before)
        ):
            changed = [k for k in IMPORT_RECT_FIELDS if getattr(old, k) != r[k]]
            if changed:
                self.problem(
                    row,
                    "status",
                    f"该整改已销号，不能再修改（{'、'.join(_ATTR_ZH.get(k, k) for k in changed)}）",
                    f"rectification {old.id} is verified (closed) and cannot change "
                    f"({', '.join(changed)})",
                )
        if bad or not unit_ok or status is None:
            return None
        return r

    def order_left_as_is(self, row: _Row, found: dt.date, old: Rectification) -> None:
        """A row that changes the hazard but not its order: the order still cannot end, or have
        been submitted, before the hazard was found."""
        if old.deadline < found:
            self.problem(
                row,
                "found_on",
                f"发现日期 {found} 晚于已有的整改期限 {old.deadline}",
                f"found on {found}, after the order's deadline {old.deadline}",
            )
        if old.submitted_on and old.submitted_on < found:
            self.problem(
                row,
                "found_on",
                f"发现日期 {found} 晚于已有的提交日期 {old.submitted_on}",
                f"found on {found}, after the order was submitted ({old.submitted_on})",
            )

    def status_rules(self, row: _Row, r: dict[str, Any], bad: set[str]) -> None:
        status = r["status"]
        zh = terms.status(status)
        if status in ("open", "in_progress"):
            for key in ("submitted_by", "submitted_on"):
                if r[key] and key not in bad:
                    self.problem(
                        row,
                        key,
                        f"状态为「{zh}」，不应填写{_BY_KEY[key].header}",
                        f"a rectification that is {status} has no {key}",
                    )
        if status != "verified":
            for key in ("verified_by", "verified_on"):
                if r[key] and key not in bad:
                    self.problem(
                        row,
                        key,
                        f"状态为「{zh}」，不应填写{_BY_KEY[key].header}",
                        f"a rectification that is {status} has no {key}",
                    )
        if status == "submitted":
            for key in ("submitted_by", "submitted_on"):
                if not r[key] and key not in bad:
                    self.problem(
                        row,
                        key,
                        f"待验收的整改需填写{_BY_KEY[key].header}",
                        f"a submitted rectification needs {key}",
                    )
        if status == "verified":
            for key in ("verified_by", "verified_on"):
                if not r[key] and key not in bad:
                    self.problem(
                        row,
                        key,
                        f"已销号的整改需填写{_BY_KEY[key].header}",
                        f"a verified rectification needs {key}",
                    )
            if r["verified_by"] and r["verified_by"] == r["submitted_by"]:
                self.problem(
                    row,
                    "verified_by",
                    f"验收人不能是提交人（{r['verified_by']}），须由另一人验收销号",
                    f"{r['verified_by']} submitted it and cannot also verify it",
                )
        # The same date rules as the ledger's transitions (the submission against the found date
        # is checked in `rectification`), so that the ledger's own export always imports again.
        for key, zh_what in (("submitted_on", "提交日期"), ("verified_on", "验收日期")):
            day = r[key]
            if day is not None and key not in bad and day > self.today:
                self.problem(row, key, f"{zh_what} {day} 晚于今天", f"{key} {day} is in the future")
        if (
            r["submitted_on"]
            and r["verified_on"]
            and r["verified_on"] < r["submitted_on"]
            and not {"submitted_on", "verified_on"} & bad
        ):
            self.problem(
                row,
                "verified_on",
                f"验收日期 {r['verified_on']} 早于提交日期 {r['submitted_on']}",
                f"verified on {r['verified_on']}, before it was submitted ({r['submitted_on']})",
            )

    def unit(self, row: _Row, site: Any, r: dict[str, Any], old: Rectification | None) -> bool:
        c, lk = row.cells, self.lk
        if "unit_id" in row.bad or "unit" in row.bad:
            return False
        if self.has(row, "unit_id"):
            u = lk.units.get(c["unit_id"])
            if u is None:
                self.problem(
                    row,
                    "unit_id",
                    f"没有编号为 {c['unit_id']} 的责任单位",
                    f"no unit with id {c['unit_id']}",
                )
                return False
            if self.has(row, "unit") and name_key(c["unit"]) != name_key(u.name):
                self.problem(
                    row,
                    "unit",
                    f"责任单位 {u.id} 名为「{u.name}」，与「{c['unit']}」不符",
                    f"unit {u.id} is named {u.name!r}, not {c['unit']!r}",
                )
                return False
            r["unit_id"] = u.id
            return True
        if self.has(row, "unit"):
            name = c["unit"]
            cands = lk.unit_names.exact(name)
            if not cands:
                if self.missing is not None and self.missing.create:
                    r["unit_id"] = self.missing.unit(row, name, site).id
                    return True
                self.creatable = True
                close = [f"「{u.name}」（编号 {u.id}）" for u in lk.unit_names.closest(name)]
                more = f"；相近的名称：{'、'.join(close)}" if close else ""
                self.problem(
                    row,
                    "unit",
                    f"没有名为「{name}」的责任单位{more}",
                    f"no unit named {name!r}",
                    candidates=close,
                )
                return False
            if len(cands) > 1:
                cands = self.lk.pick_unit(cands, site, old)
            if len(cands) != 1:
                self.problem(
                    row,
                    "unit",
                    f"有多个名为「{name}」的责任单位，请填写责任单位编号",
                    f"several units are named {name!r}; give the unit id (责任单位编号)",
                )
                return False
            r["unit_id"] = cands[0].id
            return True
        if "unit" in c or "unit_id" in c:
            r["unit_id"] = None
        return True
