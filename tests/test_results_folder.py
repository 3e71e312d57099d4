"""Results folders: a user's files are never deleted, swaps are atomic under concurrency, permissions are normal."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from sim.cli import main
from sim.errors import InputError
from sim.io.results_folder import check_out_dir, current_umask, is_results_folder, write_atomically

REPO = Path(__file__).resolve().parents[1]
BASELINE = REPO / "scenarios" / "lemgo_kalletal" / "baseline.yaml"


def _run(out: Path | str, days: int = 3) -> int:
    try:
        return main(["run", str(BASELINE), "--days", str(days), "--out", str(out)])
    except SystemExit as stop:
        return int(stop.code or 0)


def _user_folder(root: Path) -> dict[str, str]:
    """A folder with a thesis and a subfolder of notes; returns its content for later comparison."""
    (root / "notes").mkdir(parents=True)
    (root / "thesis.txt").write_text("chapter 1", encoding="utf-8")
    (root / "notes" / "a.md").write_text("keep me", encoding="utf-8")
    return _content(root)


def _content(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


def test_out_on_a_user_folder_keeps_every_file_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "v"
    before = _user_folder(folder)
    assert _run(folder) == 2
    err = capsys.readouterr().err
    assert "holds files IKZ-Sim did not write" in err and "thesis.txt" in err and "notes/" in err
    assert _content(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v"]  # no temporary or retired folders


def test_out_dot_is_refused_without_leftovers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    before = _user_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _run(".") == 2
    assert "current folder" in capsys.readouterr().err
    assert _content(tmp_path) == before
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    assert _run(".") == 2  # even empty: replacing the working folder would pull it from under the shell
    assert list(empty.iterdir()) == []


def test_new_empty_and_earlier_results_folders_are_written(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _run(empty) == 0
    assert is_results_folder(empty)
    first = json.loads((empty / "manifest.json").read_text(encoding="utf-8"))
    assert first["written_by"] == "ikz-sim"
    assert _run(empty, days=4) == 0  # an earlier results folder is replaced whole
    assert json.loads((empty / "summary.json").read_text(encoding="utf-8"))["days"] == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_results_folder_with_a_foreign_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    assert _run(out) == 0
    (out / "my_notes.txt").write_text("mine", encoding="utf-8")
    assert _run(out) == 2
    assert "my_notes.txt" in capsys.readouterr().err
    assert (out / "my_notes.txt").read_text(encoding="utf-8") == "mine"


def test_comparison_folder_is_recognised_and_replaced(tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    shared = BASELINE.parent / "shared_citizen_office.yaml"
    assert main(["compare", str(BASELINE), str(shared), "--days", "3", "--out", str(out)]) == 0
    assert is_results_folder(out)
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["kind"] == "comparison"
    assert main(["compare", str(BASELINE), str(shared), "--days", "3", "--out", str(out)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cmp"]


def test_results_folders_get_normal_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_atomically(out, lambda folder: (folder / "manifest.json").write_text('{"written_by": "ikz-sim"}'))
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~current_umask()


def test_a_failing_writer_leaves_nothing_and_keeps_the_old_results(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_atomically(out, lambda folder: (folder / "manifest.json").write_text('{"written_by": "ikz-sim"}'))

    def broken(folder: Path) -> None:
        (folder / "summary.json").write_text("{}")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(out, broken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]


def test_symlink_and_file_targets_are_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(InputError, match="symbolic link"):
        check_out_dir(link)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="this is a file"):
        check_out_dir(blocker / "below")


def _writer(out: str, writes: int, number: int) -> int:
    """Write `writes` complete results folders to the same place; return how many failed."""
    failures = 0
    for write in range(writes):

        def fill(folder: Path, write: int = write) -> None:
            (folder / "summary.json").write_text(json.dumps({"writer": number, "write": write}))
            (folder / "manifest.json").write_text(json.dumps({"written_by": "ikz-sim"}))

        try:
            write_atomically(Path(out), fill)
        except Exception:  # noqa: BLE001 - counted, the test asserts there are none
            failures += 1
    return failures


def test_concurrent_writers_leave_one_complete_folder_and_no_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "race"
    context = multiprocessing.get_context("spawn")
    with context.Pool(6) as pool:
        failures = pool.starmap(_writer, [(str(out), 200, number) for number in range(6)])
    assert failures == [0] * 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race"]
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "summary.json"]
    assert json.loads((out / "summary.json").read_text())["write"] == 199  # each writer's last write is its 200th


def test_umask_is_read_without_changing_it() -> None:
    before = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        assert os.umask(0o027) == 0o027
    finally:
        os.umask(before)
