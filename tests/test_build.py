"""The packaged app: build.spec builds a one-folder Goalpost whose `--selftest` passes.

Takes minutes, so it is deselected by default; run it alone with `pytest -m build`.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.resources import PROJECT_ROOT
from sandbox.selftest import CHECKS

pytestmark = pytest.mark.build


def test_the_built_app_passes_its_selftest(tmp_path):
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    subprocess.run([str(pyinstaller), "build.spec", "--noconfirm", "--distpath", str(tmp_path / "dist"),
                    "--workpath", str(tmp_path / "build")], cwd=PROJECT_ROOT, check=True, timeout=1800,
                   stdout=subprocess.DEVNULL)
    app = tmp_path / "dist" / "Goalpost" / ("Goalpost.exe" if sys.platform == "win32" else "Goalpost")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", GOALPOST_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([str(app), "--selftest"], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=600)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    for name, _ in CHECKS:
        assert any(line.startswith(f"ok  {name}  ") for line in lines), name
    assert lines[-1] == "selftest passed"
