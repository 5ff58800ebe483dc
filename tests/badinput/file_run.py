"""Run `main.py` of this checkout on a bad file as a user would: a child process with a memory limit
and a timeout, so a regression that hangs or eats memory fails its test instead of stalling the suite."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 3 << 30  # bytes of address space; importing torch maps about 1 GB of it
TIMEOUT = 120.0  # seconds; the slowest case takes about 10 s on a busy machine


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_main(*argv: str, cwd: Path, timeout: float = TIMEOUT) -> Outcome:
    """`python main.py *argv` importing this checkout's `sandbox`; a hang is a test failure."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SDL_VIDEODRIVER": "dummy", "GOALPOST_DATA_DIR": str(cwd / "data")}
    try:
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                              timeout=timeout, env=env, cwd=cwd, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"main.py {' '.join(argv)} hung for {timeout:.0f} s") from None
    return Outcome(done.returncode, done.stdout, done.stderr)


def assert_clean_error(outcome: Outcome, *words: str) -> None:
    """Exit code 2, one line on stderr, no traceback, and every word (file, field, reason) in it."""
    assert "Traceback" not in outcome.err, outcome.err[-2000:]
    assert outcome.code == 2, (outcome.code, outcome.err[-2000:])
    lines = outcome.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("goalpost: error:"), outcome.err[-2000:]
    for word in words:
        assert word in lines[0], (word, lines[0])
