"""Every command that takes a preset takes it the same way: by key, Chinese name or English name
(qingming, 清明, Qingming), and refuses an unknown one with exit 2 instead of matching nothing.

The commands are found by walking `riskmap`'s own parser, so a command added later is checked
without this file knowing it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli import assert_one_line_error, run

from riskmap.cli import build_parser
from riskmap.cli_ledger import preset_key

SPELLINGS = ("qingming", "清明", "清明节", "Qingming", "QINGMING")


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _commands(sub, (*path, name))


def _preset_action(parser: argparse.ArgumentParser) -> argparse.Action | None:
    for action in parser._actions:
        if action.dest == "preset" or "--preset" in action.option_strings:
            return action
    return None


def _with_preset() -> list[tuple[tuple[str, ...], argparse.ArgumentParser, argparse.Action]]:
    out = []
    for path, sub in _commands(build_parser()):
        action = _preset_action(sub)
        if action is not None:
            out.append((path, sub, action))
    return out


COMMANDS = _with_preset()


def _dummy(action: argparse.Action, out: Path) -> list[str]:
    """Values for a required argument other than the preset, by its type."""
    if action.type is int:
        value = "2027"
    elif getattr(action.type, "__name__", "") in ("_date", "date"):
        value = "2027-04-04"
    else:
        value = str(out / "out.kml")
    n = action.nargs
    count = n if isinstance(n, int) else 2 if n in ("+", "*") else 1
    return [value] * count


def _argv(path: tuple[str, ...], sub: argparse.ArgumentParser, preset: str, out: Path) -> list[str]:
    argv = list(path)
    for action in sub._actions:
        if action.dest == "preset" or isinstance(action, argparse._SubParsersAction):
            continue
        if not action.option_strings and action.nargs not in ("?", "*"):
            argv += _dummy(action, out)
        elif action.required:
            argv += [action.option_strings[0], *_dummy(action, out)]
    preset_action = _preset_action(sub)
    assert preset_action is not None
    if preset_action.option_strings:
        argv += [preset_action.option_strings[0], preset]
    else:
        # A positional preset: in its place among the positionals (the first, by convention).
        argv.insert(len(path), preset)
    return argv


def test_the_commands_with_a_preset_are_found() -> None:
    names = {" ".join(path) for path, _sub, _a in COMMANDS}
    assert {"brief", "patrol list", "patrol coverage", "patrol export"} <= names


def _id(value: object) -> str:
    return " ".join(value) if isinstance(value, tuple) else ""


@pytest.mark.parametrize(("path", "sub", "action"), COMMANDS, ids=_id)
def test_every_command_reads_a_preset_through_the_one_type(path, sub, action, tmp_path) -> None:
    assert action.type is preset_key, " ".join(path)
    parser = build_parser()
    for spelling in SPELLINGS:
        args = parser.parse_args(_argv(path, sub, spelling, tmp_path))
        assert args.preset == "qingming", (path, spelling)


@pytest.mark.parametrize(("path", "sub", "action"), COMMANDS, ids=_id)
def test_every_command_refuses_an_unknown_preset_with_exit_2(
    path, sub, action, demo_url: str, tmp_path: Path
) -> None:
    proc = run(*_argv(path, sub, "复活节", tmp_path), "--db", demo_url)
    assert_one_line_error(proc, "unknown preset", "复活节")
    assert not list(tmp_path.iterdir())  # nothing written
