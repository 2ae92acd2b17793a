"""Writing fixed files: what is refused, what is kept, what is cleaned up, what is said.

Each test names the promise of ``linter/writing.py`` (and the README's "Writing files") it
checks. The machine's clock is never part of an assertion: staleness is decided by
file times the tests set themselves.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import sys
import textwrap

import pytest

import linter.writing
from linter.sources import read_source
from linter.writing import ChangedOnDisk, NotFixed, Tree, sweep, write_fixed

RISKY = b"It is a revolutionary treatment.\n"
FIXED = b"It is a treatment.\n"


def run_fix(cli, *paths, extra=()):
    return cli("check", *map(str, paths), "--no-config", "--fix", "--format", "concise", *extra)


def temporary_files(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if "claimlint" in name)


def test_a_read_only_file_is_not_written_and_the_others_are(cli, tmp_path):
    locked, open_ = tmp_path / "locked.txt", tmp_path / "open.txt"
    locked.write_bytes(RISKY)
    open_.write_bytes(RISKY)
    os.chmod(locked, 0o444)
    result = run_fix(cli, locked, open_)
    assert locked.read_bytes() == RISKY and stat.S_IMODE(os.stat(locked).st_mode) == 0o444
    assert open_.read_bytes() == FIXED
    assert result.exit_code == 2
    message = f"{locked}: not fixed: the file is read-only (make it writable to fix it)"
    assert f"claimlint: error: {message}" in result.stderr.splitlines()
    assert temporary_files(tmp_path) == []


def test_a_link_leading_outside_the_linted_folder_is_not_written_without_the_flag(cli, tmp_path):
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    site.mkdir()
    elsewhere.mkdir()
    target = elsewhere / "profile.txt"
    target.write_bytes(RISKY)
    (site / "page.txt").symlink_to(target)
    stale = elsewhere / ".profile.txt.claimlint-1-abcdefgh.tmp"  # not ours to sweep: outside
    stale.write_bytes(b"")
    os.utime(stale, (0, 0))
    result = run_fix(cli, site)
    assert target.read_bytes() == RISKY and stale.exists()
    assert result.exit_code == 2
    assert (f"{site / 'page.txt'}: not fixed: it leads to {target} (through a symbolic link), "
            "outside the files and folders being linted; name that file, or pass "
            "--fix-through-symlinks to write it") in result.stderr
    result = run_fix(cli, site, extra=["--fix-through-symlinks"])
    assert result.exit_code == 0
    assert target.read_bytes() == FIXED and (site / "page.txt").is_symlink()


def test_a_link_named_on_the_command_line_is_bounded_by_its_folder(cli, tmp_path):
    (tmp_path / "site").mkdir()
    target = tmp_path / "outside.txt"
    target.write_bytes(RISKY)
    (tmp_path / "site" / "page.txt").symlink_to(target)
    assert run_fix(cli, tmp_path / "site" / "page.txt").exit_code == 2
    assert target.read_bytes() == RISKY
    assert run_fix(cli, tmp_path / "site" / "page.txt", target).exit_code == 0  # the target named too
    assert target.read_bytes() == FIXED


def test_a_link_inside_the_tree_stays_a_link_to_the_written_file(cli, tmp_path):
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "footer.txt"
    target.write_bytes(RISKY)
    (tmp_path / "page.txt").symlink_to("shared/footer.txt")
    assert run_fix(cli, tmp_path / "page.txt", tmp_path / "shared").exit_code == 0
    assert os.readlink(tmp_path / "page.txt") == "shared/footer.txt"
    assert target.read_bytes() == FIXED


def test_hard_links_are_kept(cli, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(RISKY)
    os.link(first, second)
    inode = os.stat(first).st_ino
    assert run_fix(cli, first).exit_code == 0
    assert os.stat(first).st_ino == os.stat(second).st_ino == inode and os.stat(first).st_nlink == 2
    assert second.read_bytes() == FIXED
    assert temporary_files(tmp_path) == []


def test_a_failed_write_in_place_puts_the_old_text_back(tmp_path, monkeypatch):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"It is a revolutionary treatment for many, many people.\n")
    os.link(first, second)
    source = read_source(str(first))
    real_write, calls = os.write, []

    def full_after_a_few_bytes(descriptor, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(descriptor, bytes(data[:5]))
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", full_after_a_few_bytes)
    with pytest.raises(NotFixed) as raised:
        write_fixed(source, "It is a treatment for many, many people.\n")
    monkeypatch.undo()
    assert str(raised.value) == (f"{first}: not fixed: no space left on the device "
                                 "(free some and run again); nothing was changed")
    assert second.read_bytes() == b"It is a revolutionary treatment for many, many people.\n"
    assert temporary_files(tmp_path) == []


def test_mode_is_kept(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(RISKY)
    os.chmod(page, 0o604)
    assert run_fix(cli, page).exit_code == 0
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o604 and page.read_bytes() == FIXED


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_owner_group_and_set_id_bits_are_kept_when_root_fixes_a_users_file(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(RISKY)
    os.chown(page, 1234, 5678)
    os.chmod(page, 0o6754)  # set-id bits: a chown after the chmod would clear them
    assert run_fix(cli, page).exit_code == 0
    status = os.stat(page)
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (1234, 5678, 0o6754)
    assert page.read_bytes() == FIXED


def test_a_file_the_user_may_not_give_back_to_its_owner_is_not_written(tmp_path, monkeypatch):
    page = tmp_path / "page.txt"
    page.write_bytes(RISKY)
    source = read_source(str(page))
    real = os.stat(page)
    fake = os.stat_result((real.st_mode, real.st_ino, real.st_dev, real.st_nlink, 4321, 4321, *tuple(real)[6:]))
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: fake if str(path) == str(page)
                        else real_stat(path, *a, **k))

    def refuse(*args):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)
    with pytest.raises(NotFixed) as raised:
        write_fixed(source, FIXED.decode())
    monkeypatch.undo()
    assert str(raised.value) == (f"{page}: not fixed: the file belongs to another user or group, and rewriting it "
                                 "would make it yours; fix it as its owner; nothing was changed")
    assert page.read_bytes() == RISKY and temporary_files(tmp_path) == []


def test_an_edit_made_while_the_fix_is_written_is_not_lost(tmp_path, monkeypatch):
    """The check runs after the new text is flushed, not before: an edit saved while
    the temporary file is written wins, and the fix is dropped."""
    page = tmp_path / "page.txt"
    page.write_bytes(RISKY)
    source = read_source(str(page))
    real_fsync = os.fsync

    def someone_saves(descriptor):
        page.write_bytes(b"Someone's edit.\n")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", someone_saves)
    with pytest.raises(ChangedOnDisk) as raised:
        write_fixed(source, FIXED.decode())
    monkeypatch.undo()
    assert str(raised.value) == f"{page}: not fixed: it changed on disk while it was being fixed; run again"
    assert page.read_bytes() == b"Someone's edit.\n"
    assert temporary_files(tmp_path) == []


def test_a_file_deleted_while_it_was_fixed_is_not_recreated(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(RISKY)
    source = read_source(str(page))
    page.unlink()
    with pytest.raises(ChangedOnDisk) as raised:
        write_fixed(source, FIXED.decode())
    assert str(raised.value) == f"{page}: not fixed: it changed on disk while it was being fixed; run again"
    assert not page.exists()


def test_no_space_names_the_file_not_the_temporary_one(cli, tmp_path, monkeypatch):
    page = tmp_path / "page.txt"
    page.write_bytes(RISKY)

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run_fix(cli, page)
    monkeypatch.undo()
    assert result.exit_code == 2
    assert (f"claimlint: error: {page}: not fixed: no space left on the device (free some and run again); "
            "nothing was changed") in result.stderr.splitlines()
    assert ".tmp" not in result.stderr
    assert page.read_bytes() == RISKY and temporary_files(tmp_path) == []


@pytest.mark.parametrize("number, reason", [
    (errno.EDQUOT, "the disk quota is used up (free some space and run again)"),
    (errno.EROFS, "the file system is read-only"),
    (errno.EACCES, "permission denied: the folder {folder} must be writable too"),
    (errno.EIO, "an input/output error (check the disk)"),
    (errno.ENAMETOOLONG, "file name too long"),
])
def test_write_errors_in_words(tmp_path, monkeypatch, number, reason):
    page = tmp_path / "page.txt"
    page.write_bytes(RISKY)
    source = read_source(str(page))

    def fail(*args, **kwargs):
        raise OSError(number, os.strerror(number), str(tmp_path / ".page.txt.claimlint-1-abcdefgh.tmp"))

    monkeypatch.setattr(linter.writing.tempfile, "mkstemp", fail)
    with pytest.raises(NotFixed) as raised:
        write_fixed(source, FIXED.decode())
    assert str(raised.value) == f"{page}: not fixed: {reason.format(folder=tmp_path)}; nothing was changed"
    assert ".tmp" not in str(raised.value)


def test_a_long_name_gets_a_temporary_file_within_the_name_limit(tmp_path):
    page = tmp_path / ("é" * 120 + ".txt")  # 244 bytes: its temporary file's name is cut
    page.write_bytes(RISKY)
    write_fixed(read_source(str(page)), FIXED.decode())
    assert page.read_bytes() == FIXED


def a_dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_files_are_swept_and_live_ones_kept(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(FIXED)  # nothing to fix: the folder is swept anyway
    dead, mine = a_dead_pid(), os.getpid()
    names = {
        f".page.txt.claimlint-{dead}-abcdefgh.tmp": "gone",  # its process is gone
        f".page.txt.claimlint-{mine}-abcdefgh.tmp": "kept",  # its process runs
        f".old.txt.claimlint-{mine}-ijklmnop.tmp": "old",  # runs, but far too old to be writing
        ".page.txt.k3j4h5g6.claimlint": "old",  # an earlier version's, stale
        ".other.txt.q1w2e3r4.claimlint": "kept",  # an earlier version's, recent: maybe running
        ".page.txt.backup": "kept",  # not ours
    }
    now = os.stat(page).st_mtime
    for name, kind in names.items():
        (tmp_path / name).write_bytes(b"half a file")
        if kind == "old":
            os.utime(tmp_path / name, (now - linter.writing.STALE_AFTER - 1,) * 2)
    assert run_fix(cli, page).exit_code == 0
    kept = [name for name, kind in names.items() if kind == "kept"]
    assert sorted(os.listdir(tmp_path)) == sorted(["page.txt", *kept])


def test_sweep_is_exact_about_names_and_time(tmp_path):
    (tmp_path / ".a.txt.x1y2z3w4.claimlint").write_bytes(b"")
    os.utime(tmp_path / ".a.txt.x1y2z3w4.claimlint", (1000, 1000))
    assert sweep(str(tmp_path), now=1000 + linter.writing.STALE_AFTER) == []
    assert sweep(str(tmp_path), now=1001 + linter.writing.STALE_AFTER) == [".a.txt.x1y2z3w4.claimlint"]


KILLED_MIDWAY = textwrap.dedent("""
    import os, sys
    from linter.sources import read_source
    from linter.writing import write_fixed

    def stop(descriptor):
        print("written", flush=True)
        sys.stdin.readline()  # wait here to be killed: the temporary file is complete

    os.fsync = stop
    write_fixed(read_source(sys.argv[1]), "It is a treatment.\\n")
""")


def test_a_run_killed_while_writing_leaves_a_file_the_next_run_removes(cli, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(RISKY)
    child = subprocess.Popen([sys.executable, "-c", KILLED_MIDWAY, str(page)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "written\n"
    child.kill()  # SIGKILL: no handler runs
    child.wait()
    child.stdin.close()
    child.stdout.close()
    (left,) = temporary_files(tmp_path)
    assert re.fullmatch(rf"\.page\.txt\.claimlint-{child.pid}-[a-z0-9_]{{8}}\.tmp", left)
    assert page.read_bytes() == RISKY
    assert run_fix(cli, page).exit_code == 0
    assert temporary_files(tmp_path) == [] and page.read_bytes() == FIXED


def test_the_tree_is_the_named_folders_and_the_folders_of_named_files(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "a.txt").write_bytes(b"")
    tree = Tree.of([str(tmp_path / "site"), str(tmp_path / "a.txt"), "-"])
    assert tree.roots == (str(tmp_path.resolve() / "site"), str(tmp_path.resolve()))
    assert not Tree.of([str(tmp_path / "site")]).holds(str(tmp_path.resolve() / "sitemap" / "x.txt"))
    assert Tree.of([str(tmp_path / "site")]).holds(str(tmp_path.resolve() / "site" / "x" / "y.txt"))
    assert Tree.of([], outside=True).holds("/anywhere")


def test_a_report_that_cannot_be_written_says_why_in_words(cli, tmp_path, monkeypatch):
    (tmp_path / "page.txt").write_bytes(FIXED)

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = cli("check", str(tmp_path / "page.txt"), "--no-config", "-o", str(tmp_path / "out.txt"))
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.stderr == (f"claimlint: error: {tmp_path / 'out.txt'}: cannot write the report: "
                             "no space left on the device (free some and run again)\n")
    assert os.listdir(tmp_path) == ["page.txt"]
