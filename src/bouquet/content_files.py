"""The files of content/, listed and read without ever leaving it.

MkDocs walks docs_dir following symbolic links and copies what it finds into the
site: a link to /etc/passwd, to a folder outside the repository or to /dev/zero
would be published (or read forever). So content/ is listed here without following
any link, every link and every file that is not a regular file (FIFO, device,
socket) is reported, and a file is only ever read through a descriptor opened with
O_NOFOLLOW, checked to be a regular file, and read up to a size bound.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

# A FIFO opened without O_NONBLOCK waits for a writer: the checker would hang.
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Listing:
    files: list[Path]  # regular files, hidden ones aside, in a stable order
    links: list[Path]  # symbolic links (to files, folders or nothing), hidden or not
    special: list[Path]  # FIFOs, devices, sockets, hidden or not

    def relative_files(self, root: Path) -> frozenset[str]:
        """The regular files as posix paths relative to `root` (content/)."""
        return frozenset(f.relative_to(root).as_posix() for f in self.files)


class NotRegularFile(OSError):
    """Raised when a path is a link or not a regular file: it is not read."""


def list_content(content_dir: Path) -> Listing:
    """Every entry under content_dir, never following a link. Hidden folders are
    searched for links too: MkDocs walks them (following links) before excluding them."""
    files: list[Path] = []
    links: list[Path] = []
    special: list[Path] = []
    pending = [(Path(content_dir), False)]
    while pending:
        folder, hidden = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue  # an unreadable folder: MkDocs cannot publish it either
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            is_hidden = hidden or entry.name.startswith(".")
            if entry.is_symlink():
                links.append(path)
            elif entry.is_dir(follow_symlinks=False):
                subfolders.append((path, is_hidden))
            elif entry.is_file(follow_symlinks=False):
                if not is_hidden:
                    files.append(path)
            else:
                special.append(path)
        pending.extend(reversed(subfolders))
    return Listing(sorted(files), sorted(links), sorted(special))


def open_regular(path: Path):
    """A binary file object for `path`, which must be a regular file and no link."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if os.path.islink(path):
            raise NotRegularFile(error.errno, "lien symbolique") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(0, "pas un fichier ordinaire")
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_bounded(path: Path, limit: int) -> tuple[bytes, int]:
    """(at most limit + 1 bytes of a regular file, its size in bytes)."""
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        return file.read(limit + 1), size
