"""The one catalogue of what riskmap says when it refuses or fails, in Chinese and English.

Every refusal (a RiskmapError with a `code`) and every failure of the environment (a database
that is read-only or locked, a full disk, a file that cannot be read, GDAL or GEOS giving up)
maps to a `Template`: the window shows `en` or `zh` in its language and never names a
command-line flag; the command line prints `cli` (when given, else `en`), which may.

`text(exc, lang)` is the one line a user sees for any exception; `describe(exc)` says whether
an exception is a known environment failure (code and params) rather than a bug.
"""

from __future__ import annotations

import errno
import string
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from riskmap.messages.catalogue import CATALOGUE
from riskmap.messages.template import Template

__all__ = [
    "CATALOGUE",
    "Note",
    "Template",
    "Words",
    "cli_text",
    "describe",
    "note_text",
    "os_reason",
    "render",
    "text",
]


class Words(str):
    """A param said differently in each language (a geometry kind, a role, "none"): as a str
    it is the English, `zh` the Chinese."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Words:
        obj = super().__new__(cls, en)
        obj.zh = zh
        return obj


class Note(str):
    """A remark (not a refusal) that a reader or a region attaches to its result: as a str it
    is the command line's English sentence; `code` and `params` let a window say it in its own
    language (note_text)."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, /, **params: Any) -> Note:
        obj = super().__new__(cls, cli_text(code, params))
        obj.code, obj.params = code, params
        return obj


def note_text(note: str, lang: str) -> str:
    """A note in `lang`: a Note from the catalogue, any other text as it is (a library's own)."""
    if isinstance(note, Note):
        return render(note.code, note.params, lang)
    return str(note)


def _value(value: Any, lang: str) -> Any:
    if isinstance(value, Words):
        return value.zh if lang == "zh" else str(value)
    if isinstance(value, BaseException):  # a cause, said in the message's own language
        return text(value, lang)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable) and not isinstance(value, Mapping | bytes):
        sep = "、" if lang == "zh" else ", "
        return sep.join(str(_value(v, lang)) for v in value)
    return value


def fields(template: str) -> set[str]:
    """The param names a template uses ({path}, {count:,} → path, count)."""
    names = set()
    for _lit, name, _spec, _conv in string.Formatter().parse(template):
        if name:
            names.add(name.split(".")[0].split("[")[0])
    return names


def render(code: str, params: Mapping[str, Any], lang: str) -> str:
    """The message for `code` in `lang` ("zh", "en", or "cli" for the command line).

    KeyError when the code is unknown or a param is missing: the tests render every entry."""
    tpl = CATALOGUE[code]
    if lang == "cli":
        pattern, lang = tpl.cli or tpl.en, "en"
    else:
        pattern = tpl.zh if lang.startswith("zh") else tpl.en
    lang = "zh" if lang.startswith("zh") else "en"
    return pattern.format_map({k: _value(v, lang) for k, v in params.items()})


def cli_text(code: str, params: Mapping[str, Any]) -> str:
    """The command line's English sentence for `code` (a plain fallback if it cannot render)."""
    try:
        return render(code, params, "cli")
    except (KeyError, IndexError, ValueError):
        return f"{code} {dict(params)}"


def _first_line(value: Any) -> str:
    lines = str(value).strip().splitlines()
    return lines[0].strip() if lines else ""


_ERRNO_ZH = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已满",
    errno.EROFS: "磁盘只读",
    errno.EISDIR: "是文件夹",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EFBIG: "文件过大",
    errno.EEXIST: "已存在",
    errno.EBUSY: "正被占用",
}


def os_reason(exc: OSError) -> Words:
    """Why a file operation failed, in both languages (for a {detail} param)."""
    en = exc.strerror or _first_line(exc) or type(exc).__name__
    return Words(en, _ERRNO_ZH.get(exc.errno or 0, en))


def _os_error(exc: OSError) -> tuple[str, dict[str, Any]]:
    path = exc.filename or ""
    detail = exc.strerror or _first_line(exc)
    by_errno = {
        errno.ENOSPC: "env.disk_full",
        errno.EDQUOT: "env.disk_full",
        errno.EFBIG: "env.file_too_big",
        errno.EROFS: "env.read_only_fs",
        errno.EACCES: "env.no_permission",
        errno.EPERM: "env.no_permission",
        errno.ENOENT: "env.no_such_file",
        errno.EISDIR: "env.is_folder",
    }
    code = by_errno.get(exc.errno or 0, "env.os_error")
    if code == "env.os_error":
        return code, {"path": path or "—", "detail": detail}
    return code, {"path": path or "—"}


def _database_error(exc: Exception) -> tuple[str, dict[str, Any]]:
    orig = getattr(exc, "orig", None) or exc
    detail = _first_line(orig)
    low = detail.lower()
    if "readonly database" in low or "read-only transaction" in low or "read-only file" in low:
        return "env.db_read_only", {}
    if "database is locked" in low or "lock timeout" in low or "could not obtain lock" in low:
        return "env.db_locked", {}
    if "disk is full" in low or "no space left" in low or "could not extend file" in low:
        return "env.db_disk_full", {}
    if "unable to open database" in low:
        return "env.db_cannot_open", {}
    if "file is not a database" in low or "malformed" in low:
        return "env.db_damaged", {}
    if "could not connect" in low or "connection refused" in low or "server closed" in low:
        return "env.db_unreachable", {"detail": detail}
    if "permission denied" in low:
        return "env.db_denied", {"detail": detail}
    return "env.db_error", {"detail": detail}


def describe(exc: BaseException) -> tuple[str, dict[str, Any]] | None:
    """(code, params) for a refusal or a known failure of the environment; None for a bug."""
    from riskmap.errors import RiskmapError

    if isinstance(exc, RiskmapError):
        if exc.code in CATALOGUE:
            return exc.code, exc.params
        return "error.plain", {"detail": str(exc)}
    if isinstance(exc, MemoryError):
        return "env.memory", {}
    if isinstance(exc, OSError):
        return _os_error(exc)
    module = type(exc).__module__ or ""
    if module.startswith(("sqlite3", "psycopg")):
        return _database_error(exc)  # type: ignore[arg-type]
    if module.startswith("sqlalchemy"):
        from sqlalchemy.exc import DBAPIError

        # OperationalError and the other driver errors; not a misuse of the ORM (a bug)
        return _database_error(exc) if isinstance(exc, DBAPIError) else None
    if module.startswith("shapely"):
        from shapely.errors import GEOSException

        if isinstance(exc, GEOSException):
            return "env.geometry", {"detail": _first_line(exc)}
        return None
    if module.startswith("pyogrio"):
        return "env.gdal", {"detail": _first_line(exc)}
    if module.startswith("pyproj"):
        return "env.crs", {"detail": _first_line(exc)}
    return None


def text(exc: BaseException, lang: str, log_path: str | PurePath | None = None) -> str:
    """The one line a user sees for `exc` in `lang` ("zh", "en" or "cli").

    A bug (an exception `describe` does not know) says that the details are in the log at
    `log_path` (where the caller wrote them)."""
    known = describe(exc)
    if known is not None:
        code, params = known
        if lang == "cli" and code == "error.plain":
            return str(exc)
        try:
            return render(code, params, lang)
        except (KeyError, IndexError, ValueError):
            return str(exc)
    detail = f"{type(exc).__name__}: {_first_line(exc)}"
    if log_path is None:
        return render("error.internal_unlogged", {"detail": detail}, lang)
    return render("error.internal", {"detail": detail, "log": str(log_path)}, lang)
