"""Run `main.py` of this checkout as a user would: a child process with a memory limit and a timeout,
so a regression that hangs or eats memory fails its test instead of stalling the suite."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 3 << 30  # bytes of address space; torch alone maps about 1 GB


@dataclass
class Result:
    code: int
    out: str
    err: str


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(*argv: str, timeout: float = 120, env: dict | None = None, cwd: Path | None = None) -> Result:
    """`python main.py *argv` from the checkout root (so the child imports this checkout's sandbox)."""
    child_env = {**os.environ, "PYTHONPATH": str(ROOT), "SDL_VIDEODRIVER": "dummy", **(env or {})}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                          timeout=timeout, env=child_env, cwd=cwd or ROOT, preexec_fn=_limit_memory)
    return Result(done.returncode, done.stdout, done.stderr)


def assert_clean_error(result: Result, *names: str, code: int = 2) -> None:
    """Exit `code`, no traceback, and every name (option or file) in stderr's last line."""
    assert "Traceback" not in result.err, result.err
    assert result.code == code, (result.code, result.err)
    last = result.err.strip().splitlines()[-1]
    for name in names:
        assert name in last, (name, last)
