"""Run `main.py` of this checkout as a user would (on a bad option or a bad file): a child process
with a memory limit and a timeout, so a regression that hangs or eats memory fails its test instead
of stalling the suite."""
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
    """`python main.py *argv` importing this checkout's `sandbox`; a hang is a test failure."""
    child_env = {**os.environ, "PYTHONPATH": str(ROOT), "SDL_VIDEODRIVER": "dummy", **(env or {})}
    try:
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                              timeout=timeout, env=child_env, cwd=cwd or ROOT, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"main.py {' '.join(argv)} hung for {timeout:.0f} s") from None
    return Result(done.returncode, done.stdout, done.stderr)


def run_main(*argv: str, cwd: Path, timeout: float = 120) -> Result:
    """`run_cli` in `cwd` with a data folder of its own there."""
    return run_cli(*argv, timeout=timeout, env={"GOALPOST_DATA_DIR": str(cwd / "data")}, cwd=cwd)


def assert_clean_error(result: Result, *names: str, code: int = 2) -> None:
    """Exit `code`, no traceback, and every name (option or file) in stderr's last line."""
    assert "Traceback" not in result.err, result.err
    assert result.code == code, (result.code, result.err)
    last = result.err.strip().splitlines()[-1]
    for name in names:
        assert name in last, (name, last)


def assert_one_error_line(result: Result, *words: str) -> None:
    """Exit code 2, exactly one line on stderr ("goalpost: error: ..."), no traceback, and every word
    (file, field, reason) in it."""
    assert "Traceback" not in result.err, result.err[-2000:]
    assert result.code == 2, (result.code, result.err[-2000:])
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("goalpost: error:"), result.err[-2000:]
    for word in words:
        assert word in lines[0], (word, lines[0])
