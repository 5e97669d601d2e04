"""The summary index beside the data file, read quickly (`followup today`).

The index is written by `storage` after each save (its form is described
there): what the reader of each big table keeps of each document, and where
everything lies in the file. This module reads it without the storage (and
without TinyDB), for a command that only looks: see `read_index`.
"""

from __future__ import annotations

import errno
import json
import mmap
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from .locations import resolve_link

TYPE_CHECKING = False  # (typing itself is not loaded to run: `followup today` starts without it)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["INDEX_FORMAT", "IndexCodec", "Indexed", "Keyed", "Keyer", "NotRegular", "Reader",
           "dump", "open_regular", "read_index", "read_keys", "signature", "table_prefix"]

if TYPE_CHECKING:
    # Reads one parsed document into what its table's reader keeps of it (a summary).
    Reader = Callable[[Any], Any]
    # How a table's notes go into the summary index and come back: (note -> plain JSON
    # value, or None when the note cannot be kept; that JSON value -> the note; and
    # whether a quick reading, `read_index`, wants the note: it reads only those).
    IndexCodec = tuple[Callable[[Any], Any], Callable[[Any], Any], Callable[[Any], bool]]
    # Keys each wanted note in the index's last line, so that a quick reading can
    # choose among them before decoding any (`read_index`'s `choose`): given the small
    # tables of the data written (what the key may depend on), a version of what it
    # took from them (a key worked out for the same version is kept) and the keying.
    Keyer = Callable[[Mapping[str, Any]], tuple[Any, Callable[[Any], Any]]]
# 2: where each table starts, and which notes a quick reading wants.
INDEX_FORMAT = 2


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def signature(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What says that a file is the very one seen before: inode, device, size and
    modification time."""
    return (stat.st_ino, stat.st_dev, stat.st_size, stat.st_mtime_ns)


def table_prefix(n: int, name: str) -> bytes:
    """How the `n`th table of the data file starts: `"name":{`, after a comma but
    for the first."""
    return f'{"," if n else ""}{dump(name)}:{{'.encode()


class NotRegular(OSError):
    """The path is a FIFO, a device or a socket: reading it could hang or never end."""


def open_regular(path: Path, flags: int = os.O_RDONLY) -> int:
    """An fd of `path` if it is a regular file; IsADirectoryError, NotRegular, or
    OSError otherwise. Opened without blocking, so a FIFO cannot hang us."""
    fd = os.open(path, flags | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not S_ISREG(mode):
            raise NotRegular(errno.EINVAL, "not a regular file", str(path))
        # Back to ordinary (blocking) reads for a regular file.
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


class Indexed:
    """What a quick reading of the summary index gives (see `read_index`)."""

    __slots__ = ("count", "notes", "tables")

    def __init__(self, tables: dict[str, dict[str, Any]], notes: dict[str, list[Any]],
                 count: dict[str, int] | None = None) -> None:
        self.tables = tables  # the small tables, as the data file holds them
        self.notes = notes  # per big table, the notes the quick reading wants
        self.count = count or {}  # per big table, how many records it holds


def read_index(path: Path, index: Path, codecs: Mapping[str, IndexCodec],
               tag: str = "", choose: Callable[[list[Any]], list[bool]] | None = None
               ) -> Indexed | None:
    """The small tables of the data file at `path` and the notes of its records that
    the codecs want (see `IndexCodec`), read through the summary index without
    reading the records; None when the index is missing, damaged, of another form
    or made for another version of the file (the caller then reads the file).

    With `choose`, given the keys of the wanted notes (see `Keyer`), only the notes it
    says yes to are read (an index without keys is not used).

    For a reader that only looks (`followup today`): nothing is copied, and the
    small tables are read from the very file (the same inode, size and
    modification time) the index was made for. Writes nothing."""
    try:
        fd = open_regular(index, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read()
        lines = raw.split(b"\n")
        del raw
        head = json.loads(lines[0])
        if (type(head) is not dict or head.get("followup-index") != INDEX_FORMAT
                or head.get("tag") != tag):
            return None
        tables = head["tables"]
        count = sum(t[2] for t in tables if t[1] == "records")
        end = json.loads(lines[-2])
        if len(lines) != count + 3 or lines[-1] != b"" or end.get("end") != count:
            return None
        data_fd = open_regular(resolve_link(path))
        try:
            small = _small_tables(data_fd, head, tables)
            if small is None:
                return None
            notes: dict[str, list[Any]] = {}
            counts: dict[str, int] = {}
            first = 1  # the line of the table's first record
            wanted_lines = end["wanted"]
            if choose is not None:
                keys = end["keys"]
                if type(keys) is not list or len(keys) != len(wanted_lines):
                    return None
                wanted_lines = [n for n, yes in zip(wanted_lines, choose(keys), strict=True)
                                if yes]
            wanted = iter(wanted_lines)
            line = next(wanted, None)
            for name, kind, size, _at in tables:
                if kind == "json":
                    continue
                if kind == "records" and name in codecs:
                    picked = []
                    while line is not None and line < first + size:
                        if line < first:
                            return None
                        picked.append(lines[line])
                        line = next(wanted, None)
                    _, decode, wants = codecs[name]
                    rows = json.loads(b"[" + b",".join(picked) + b"]")
                    kept = [decode(row[3]) for row in rows]
                    if not all(map(wants, kept)):
                        return None  # not the lines it says: damaged
                    notes[name] = kept
                    counts[name] = size
                    first += size
                else:
                    return None
            if line is not None:
                return None
            return Indexed(small, notes, counts)
        finally:
            os.close(data_fd)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            RecursionError):
        return None


def _small_tables(fd: int, head: dict[str, Any], tables: list[Any]
                  ) -> dict[str, dict[str, Any]] | None:
    """Every small table ("json") of the data file open as `fd`, by name, as the
    index's `tables` place them; None when that file is not the one the index (its
    first line, `head`) was made for, or a table is not there."""
    if signature(os.fstat(fd)) != tuple(head["data"]):
        return None
    small: dict[str, dict[str, Any]] = {}
    for n, (name, kind, size, at) in enumerate(tables):
        if kind == "json":
            table = _small_table(fd, n, name, size, at)
            if table is None:
                return None
            small[name] = table
    return small


def _small_table(fd: int, n: int, name: str, size: int, at: int) -> dict[str, Any] | None:
    """The `n`th table of the data file open as `fd`, a small one ("json"): `size`
    bytes from `at`; None when it is not there."""
    prefix = table_prefix(n, name)
    text = os.pread(fd, len(prefix) - 1 + size, at + 1 - len(prefix))
    if text[:len(prefix)] != prefix:
        return None
    table = json.loads(text[len(prefix) - 1:])
    return table if type(table) is dict else None


class Keyed:
    """What `read_keys` gives: the small tables of the data file, and per big table the
    keys of the notes a quick reading wants (see `Keyer`) and how many records it
    holds. With `keep_open`, the data file and the index, open (`fd` and `index_fd`;
    the caller closes them: `close`), and `places`: per big table, where each keyed
    note's record lies in it."""

    __slots__ = ("_size", "_tables", "_wanted", "count", "fd", "index_fd", "keys", "tables")

    def __init__(self, tables: dict[str, dict[str, Any]], keys: dict[str, list[Any]],
                 count: dict[str, int], fd: int | None = None, index_fd: int | None = None,
                 size: int = 0, layout: list[Any] | None = None,
                 wanted: list[Any] | None = None) -> None:
        self.tables = tables
        self.keys = keys
        self.count = count
        self.fd = fd
        # The index as read (`size` bytes: a save replaces the file, never writes into
        # it, so this stays the very one) and its tables, for `places`, worked out when
        # asked: its records' lines are not kept in memory meanwhile.
        self.index_fd = index_fd
        self._size = size
        self._tables = layout or []
        self._wanted = wanted or []  # the lines of the keyed notes, as the index said

    def close(self) -> None:
        """Let go of the files kept open."""
        fds = (self.fd, self.index_fd)
        self.fd = self.index_fd = None
        for fd in fds:
            if fd is not None:
                os.close(fd)

    def places(self) -> dict[str, list[tuple[str, int, int, int]]]:
        """Per big table, where each keyed note's record lies in the data file: (its id
        there, its start, its length, where its object starts). ValueError when the
        index does not say (it is damaged), OSError when it cannot be read again."""
        if self.index_fd is None:
            raise ValueError("the summary index is not kept open")
        raw = _read_at(self.index_fd, self._size)
        try:
            lines = raw.split(b"\n")
            del raw
            wanted = iter(self._wanted)
            line = next(wanted, None)
            found: dict[str, list[tuple[str, int, int, int]]] = {}
            first = 1
            for name, kind, size, at in self._tables:
                if kind != "records":
                    continue
                picked = []
                while line is not None and line < first + size:
                    picked.append(line)
                    line = next(wanted, None)
                # (Each line's first three fields, `["id",length,start`, in one parse.)
                rows = json.loads(b"[" + b"],".join(b",".join(lines[n].split(b",", 3)[:3])
                                                   for n in picked) + b"]]") if picked else []
                found[name] = _places(lines, first, size, at + 1, picked, rows)
                first += size
        except (TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
            raise ValueError(f"the summary index does not say where records lie ({exc})"
                             ) from exc
        return found


def read_keys(path: Path, index: Path, tag: str = "", keep_open: bool = False,
              ) -> Keyed | None:
    """The small tables of the data file at `path`, and the keys the summary index
    gives the notes a quick reading wants (see `Keyer`), without reading any note or
    record: for a command that needs nothing more of each record than its key. None
    when the index is missing, damaged, of another form or tag, made for another
    version of the file, or was written without keys (the caller then reads the
    file). Writes nothing; with `keep_open`, leaves the data file open (see `Keyed`)."""
    index_fd = None
    found = None
    try:
        index_fd = open_regular(index, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        # Its first and last lines only, from the page cache (the records' lines in
        # between are most of it, and this reading does not need them).
        size = os.fstat(index_fd).st_size
        with mmap.mmap(index_fd, 0, access=mmap.ACCESS_READ) as view:
            first_end = view.find(b"\n")
            first_line = view[:first_end]
            last_line = view[view.rfind(b"\n", 0, len(view) - 1) + 1:]
            whole = first_end > 0 and view[-1:] == b"\n"
        # (The records' lines are counted only when they are to be read, see `places`:
        # a little at a time, never the whole index in memory.)
        lines = sum(os.pread(index_fd, _RUN, at).count(b"\n")
                    for at in range(0, size, _RUN)) if keep_open and whole else 0
        if not keep_open:
            os.close(index_fd)
            index_fd = None
        head = json.loads(first_line)
        if (type(head) is not dict or head.get("followup-index") != INDEX_FORMAT
                or head.get("tag") != tag):
            return None
        tables = head["tables"]
        count = sum(t[2] for t in tables if t[1] == "records")
        if not whole or keep_open and lines != count + 2:
            return None
        end = json.loads(last_line)
        wanted, keys = end["wanted"], end["keys"]
        if (end.get("end") != count or type(keys) is not list or type(wanted) is not list
                or len(keys) != len(wanted)):
            return None
        data_fd = open_regular(resolve_link(path))
        try:
            found = _keyed(data_fd, head, tables, wanted, keys)
        finally:
            if found is None or not keep_open:
                os.close(data_fd)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            RecursionError):
        found = None
    finally:
        if index_fd is not None and found is None:
            os.close(index_fd)
    if found is None:
        return None
    small, keyed, counts = found
    if not keep_open:
        return Keyed(small, keyed, counts)
    return Keyed(small, keyed, counts, data_fd, index_fd, size, tables, wanted)


# How much of the index is gone through at once when only its lines are counted.
_RUN = 1 << 18


def _read_at(fd: int, size: int) -> bytes:
    """The first `size` bytes of the file open as `fd` (ValueError if it is shorter)."""
    parts = []
    at = 0
    while at < size:
        part = os.pread(fd, size - at, at)
        if not part:
            raise ValueError("the summary index is shorter than it was")
        parts.append(part)
        at += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _keyed(data_fd: int, head: dict[str, Any], tables: list[Any], wanted: list[Any],
           keys: list[Any]) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, int]] | None:
    """`read_keys`' reading of the data file (the one the index was made for, or None)."""
    small = _small_tables(data_fd, head, tables)
    if small is None:
        return None
    keyed: dict[str, list[Any]] = {}
    counts: dict[str, int] = {}
    first = 1  # the line of the table's first record
    taken = 0  # keys given to the tables before
    for name, kind, size, _at in tables:
        if kind == "json":
            continue
        if kind == "records":
            mine = taken
            while mine < len(wanted) and wanted[mine] < first + size:
                mine += 1
            if mine > taken and wanted[taken] < first:
                return None
            keyed[name] = keys[taken:mine]
            counts[name] = size
            taken = mine
            first += size
        else:
            return None
    if taken != len(wanted):
        return None
    return small, keyed, counts


def _places(lines: list[bytes], first: int, size: int, at: int, picked: list[int],
            rows: list[Any]) -> list[tuple[str, int, int, int]]:
    """Where the records of the `picked` lines lie in the data file: their table's
    `size` records are on the index's lines from `first`, one after another from `at`
    (each line starts `["id",length,`; a comma between records)."""
    found = []
    pos = at
    want = iter(zip(picked, rows, strict=True))
    nxt = next(want, None)
    for n in range(first, first + size):
        if n > first:
            pos += 1
        length = int(lines[n].split(b",", 2)[1])
        if nxt is not None and nxt[0] == n:
            doc_id, row_length, start = nxt[1][0], nxt[1][1], nxt[1][2]
            if row_length != length or type(doc_id) is not str or type(start) is not int:
                raise ValueError("an index line does not say where its record lies")
            found.append((doc_id, pos, length, start))
            nxt = next(want, None)
        pos += length
    return found
