"""Atomic replacement of files and folders: readers see the old one or the new one, never a mix.

Folders: the JSON export and the built site, so a failed build leaves both byte-identical.
Files: formatted monographs, build-store entries (workers write side by side) and the indexer;
and a stored file placed under a second name (a hard link where the file system allows).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from pathlib import Path


def _umask() -> int:
    """The process's umask (read by setting it, so read once, before any worker thread starts)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: The mode a plain ``open(path, "w")`` gives a new file here. mkstemp makes files private (0600),
#: which a hard link would carry into a published export that a web server must read.
_NEW_FILE_MODE = 0o666 & ~_umask()


def write_file_atomic(path: Path, data: bytes, *, mode: int | None = None, durable: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step; ``mode`` sets its permissions (default: those
    of a newly created file), ``durable`` syncs the bytes to disk before the rename (for files an
    editor would lose work over)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, _NEW_FILE_MODE if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def link_or_copy(source: Path, dest: Path) -> None:
    """Give ``dest`` the bytes of ``source``: a hard link (no copy of the data) when both are on
    one file system, else a copy. Only for files that are never rewritten in place."""
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic rename (Linux renameat2); False where not supported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot swap
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in_folder(new: Path, target: Path) -> None:
    """Move folder ``new`` to ``target`` in one rename; the old contents are left at ``new``."""
    if not target.exists():
        new.rename(target)
        return
    if not target.is_dir() or target.is_symlink():
        raise NotADirectoryError(f"{target} exists and is not a folder (or is a link); move it away")
    if _exchange(new, target):
        return
    backup = new.with_name(new.name + ".old")
    target.rename(backup)
    try:
        new.rename(target)
    except OSError:
        backup.rename(target)
        raise
    backup.rename(new)
