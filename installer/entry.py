"""The bundled executable's entry point: `riskmap …`, exactly as the installed command."""

from __future__ import annotations

from riskmap.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
