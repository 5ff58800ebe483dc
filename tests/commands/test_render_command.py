"""`main.py render`, run as a user would run it (the no-argument start is in tests/ui/test_files.py)."""
from __future__ import annotations

import imageio.v3 as iio
import numpy as np

from sandbox.commands import main
from sandbox.resources import levels_dir


def test_render_writes_the_level_with_its_regions_shaded(tmp_path):
    out = tmp_path / "level.png"
    assert main(["render", str(levels_dir() / "coinrun.json"), "--out", str(out), "--tile", "16"]) == 0
    picture = iio.imread(out)
    assert picture.shape == (144 + 16, 144 + 16, 3)  # 9x9 cells of 16 px plus an 8 px margin
    coin_column = picture[8 + 16:8 + 16 * 8, 8 + 16 * 7 + 1:8 + 16 * 8 - 1].reshape(-1, 3)
    middle_column = picture[8 + 16:8 + 16 * 8, 8 + 16 * 4 + 1:8 + 16 * 5 - 1].reshape(-1, 3)
    # the coin's training region (rightmost column) is tinted yellow; the middle is plain floor
    assert coin_column[:, 2].mean() < middle_column[:, 2].mean() - 40
    assert np.allclose(middle_column.mean(axis=0), [237, 234, 226], atol=8)


def test_render_with_samples_lays_out_a_grid(tmp_path):
    out = tmp_path / "sheet.png"
    assert main(["render", str(levels_dir() / "maze.json"), "--out", str(out), "--sample", "8", "--tile", "8"]) == 0
    picture = iio.imread(out)
    cell = 11 * 8 + 8
    assert picture.shape == (3 * cell + 8, 3 * cell + 8, 3)  # 1 + 8 pictures in a 3x3 grid
    first, second = picture[8:8 + 88, 8 + cell:8 + cell + 88], picture[8:8 + 88, 8 + 2 * cell:8 + 2 * cell + 88]
    assert not np.array_equal(first, second)  # two different sampled mazes


def test_a_broken_level_is_one_line_on_stderr_and_exit_code_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1, "map": ["#####", "#..#", "#...#", "#...#", "#####"], "entities": []}')
    assert main(["render", str(bad), "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "bad.json" in err and "row 1" in err
    assert not (tmp_path / "x.png").exists()
