"""Set-up in one command: `python3 dev.py run` opens Goalpost, `python3 dev.py test` runs the tests.

Needs only Python 3.11. Creates `.venv/` beside this file, installs the pinned dependencies into it
(again only when pyproject.toml changed), then runs the sandbox or the test suite inside it.
"""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / "installed-pyproject.sha256"


def ensure_environment() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Goalpost needs Python 3.11 (this is {sys.version.split()[0]}); run it with python3.11")
    if not PYTHON.exists():
        print("creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("installing Goalpost and its pinned dependencies into .venv ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main() -> int:
    task = sys.argv[1] if len(sys.argv) > 1 else "run"
    if task not in ("run", "test"):
        sys.exit("usage: python3 dev.py run [goalpost arguments] | python3 dev.py test [pytest arguments]")
    ensure_environment()
    extra = sys.argv[2:]
    if task == "run":
        command = [str(PYTHON), str(ROOT / "main.py"), *extra]
    else:
        command = [str(PYTHON), "-m", "pytest", "-n", "2", "-q", *extra]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
