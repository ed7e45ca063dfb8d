"""Passwords on the command line: asked on the terminal (never echoed), or read from standard
input with `--password-stdin` for scripts, one per line in the order they would be asked."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from riskmap.errors import RiskmapError

STDIN_HELP = (
    "read passwords from standard input, one per line, in the order they would be asked "
    "(yours first when you have one, then a new one)"
)


def user_option(p: argparse.ArgumentParser, top: bool = False) -> None:
    p.add_argument(
        "--user",
        metavar="NAME",
        default=None if top else argparse.SUPPRESS,
        help="act as this user (default: $RISKMAP_USER, else the login name)",
    )


def password_option(p: argparse.ArgumentParser, top: bool = False) -> None:
    p.add_argument(
        "--password-stdin",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help=STDIN_HELP,
    )


class Passwords:
    """Where this command's passwords come from."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.from_stdin = bool(getattr(args, "password_stdin", False))

    def ask(self, prompt: str) -> str:
        if self.from_stdin:
            line = sys.stdin.readline()
            if not line:
                raise RiskmapError(f"{prompt.rstrip(': ')}: no more lines on standard input")
            return line.rstrip("\r\n")
        if not sys.stdin.isatty():
            raise RiskmapError(
                f"no terminal to ask for it ({prompt.rstrip(': ')}); pass it with --password-stdin"
            )
        return getpass.getpass(prompt)

    def new(self, name: str) -> str:
        """A new password for `name`: typed twice on a terminal, once from standard input."""
        first = self.ask(f"New password for {name}: ")
        if not self.from_stdin and self.ask(f"New password for {name} again: ") != first:
            raise RiskmapError("the two passwords differ; nothing was changed")
        return first


def sign_in(store: Any, actor: Any, passwords: Passwords) -> Any:
    """`actor` (a --user name) proven by their password, asked here; unchanged on PostgreSQL
    (the login is the proof) or when they have no password yet (the core decides then)."""
    from riskmap.core.accounts import authenticate, has_password

    if store.is_postgis or not actor.known or not has_password(store, actor.name):
        return actor
    return authenticate(store, actor.name, passwords.ask(f"Password for {actor.name}: "))
