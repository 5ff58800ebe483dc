"""A device, a FIFO or a folder where a level or an agent file should be: refused at once by name,
never read (a device has no end, a FIFO blocks the reader forever)."""
from __future__ import annotations

import os

import pytest

from tests.badinput.cli_run import assert_one_error_line, run_main

# the command that reads each kind of file, and the name such a file has
READERS = {"level": ("render", "level.json"), "agent": ("eval", "agent.pt")}


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused(kind, device, tmp_path):
    command, _ = READERS[kind]
    assert_one_error_line(run_main(command, device, cwd=tmp_path), device, "not a regular file")


@pytest.mark.parametrize("kind", READERS)
def test_a_fifo_is_refused_without_blocking(kind, tmp_path):
    command, name = READERS[kind]
    fifo = tmp_path / name
    os.mkfifo(fifo)
    assert_one_error_line(run_main(command, str(fifo), cwd=tmp_path, timeout=60), str(fifo), "not a regular file")


@pytest.mark.parametrize("kind", READERS)
def test_a_folder_is_refused(kind, tmp_path):
    command, name = READERS[kind]
    folder = tmp_path / name
    folder.mkdir()
    assert_one_error_line(run_main(command, str(folder), cwd=tmp_path), str(folder), "folder")
