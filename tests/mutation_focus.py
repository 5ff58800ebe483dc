"""Run mutmut on one module with a narrower test selection than `[tool.mutmut]`.

    nice -n 10 .venv/bin/python tests/mutation_focus.py level_file run --max-children 1
    .venv/bin/python tests/mutation_focus.py level_file results

The first argument names a table `[tool.mutmut_focus.<name>]` in pyproject.toml; its keys (for
instance `only_mutate` and `pytest_add_cli_args_test_selection`) replace the same keys of
`[tool.mutmut]` for this run, and every other key is kept. The rest of the arguments are mutmut's own.

A focused run and the full run share `mutants/`: mutmut notices the different test selection and
throws away the other's cached results, so switching between them starts that run afresh.
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any


def main() -> int:
    focuses = tomllib.loads(Path("pyproject.toml").read_text("utf-8"))["tool"].get("mutmut_focus", {})
    if len(sys.argv) < 2 or sys.argv[1] not in focuses:
        sys.exit(f"usage: python tests/mutation_focus.py {{{','.join(sorted(focuses))}}} <mutmut arguments>")
    overrides: dict[str, Any] = focuses[sys.argv.pop(1)]

    from mutmut import configuration

    read_pyproject = configuration._config_reader

    def focused_reader():
        base = read_pyproject()
        return lambda key, default: overrides[key] if key in overrides else base(key, default)

    configuration._config_reader = focused_reader
    configuration.reset_config()

    from mutmut.__main__ import cli  # reads the configuration on import, so only after the override

    sys.argv[0] = "mutmut"
    return cli()


if __name__ == "__main__":
    sys.exit(main())
