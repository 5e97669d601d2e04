"""A TinyDB storage that cannot leave a half-written file behind.

TinyDB's own JSONStorage rewrites the file in place, with no temporary file
and no lock: a kill during a write leaves JSON that no longer parses, and two
processes writing at once lose each other's changes. This storage

* writes a complete new file beside the old one, fsyncs it and renames it
  over the old one, so a reader sees either the old or the new version;
* keeps the version it replaced as `<file>.bak`;
* takes an exclusive lock (`flock` on `<file>.lock`) around each
  read-modify-write, so two sessions never overwrite each other;
* keeps the data in memory and reads the file again only when it has changed
  on disk, so a save costs one write, not a read and a write; the documents
  of the big tables (the interviews) are kept as their JSON text, read one at
  a time (see `Record` and `load_file`), and written back as they are;
* creates the file 0600 in a 0700 folder, with the first save: reading a file
  that is not there creates nothing (a missing file whose backup is there is
  refused, naming the backup, so that no save can rotate an empty file over it);
* follows a symbolic link at the data path to the real file, and writes, keeps
  the backup of and locks that file;
* opens only regular files (a FIFO would hang the read, a device never end);
* waits a bounded time for a lock another process holds, then names it (its
  pid is kept in the lock file);
* removes the temporary files of saves that were killed halfway (they can
  only be stale: a temporary file exists only while its writer holds the lock);
* refuses a file that does not parse, naming it and its backup, and never
  writes over it;
* writes, after each save, a summary index beside the file (`<file>.index`):
  what the reader of each big table keeps of each document, and where the
  document lies in the file. A first reading that finds an index made for
  this very file (the same inode, size and modification time, the signature
  the cache itself goes by) takes the summaries from it and parses none of
  the documents; an index that is missing, stale or damaged is not trusted
  and the file is read as before. Reading never writes the index: only a
  save does, under the same lock, after the data file is in place (a kill
  between the two leaves an index that no longer matches: ignored).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import json.scanner
import mmap
import os
import re
import threading
import typing
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from stat import S_ISREG
from typing import Any, cast

from tinydb.storages import Storage

from .locations import backup_path, ensure_private_dir, index_path, lock_path, resolve_link
from .summary_index import INDEX_FORMAT
from .summary_index import NotRegular as NotRegular  # (where the commands find them)
from .summary_index import dump as _dump
from .summary_index import open_regular as open_regular
from .summary_index import signature as _signature
from .summary_index import table_prefix as _table_prefix

if typing.TYPE_CHECKING:
    from .summary_index import IndexCodec, Keyer, Reader

# How long a change waits for another process's lock before saying who holds it,
# and after how long of that wait `on_wait` is told (the app shows it).
LOCK_WAIT = 5.0
LOCK_QUIET = 0.5


class DataFileError(Exception):
    """The data file cannot be used. The message says why and what to do."""

    def __init__(self, path: Path, problem: str, advice: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.advice = advice or restore_advice(self.path)
        super().__init__(f"{self.path}: {problem}. {self.advice}")


def missing_with_backup(path: Path) -> DataFileError:
    """The data file is gone but its backup is there: using the path now would start
    an empty file, and its first save would rotate that over the backup."""
    return DataFileError(
        path, "is missing, but its backup is there",
        f"Nothing was read or changed. Put the backup back with `followup --db {path} "
        f"restore` (the backup is {backup_path(path)}), or move the backup aside to start "
        "afresh.")


class LockTimeout(DataFileError):
    """Another process has held the data file's lock for longer than we wait."""

    def __init__(self, path: Path, pid: int | None, waited: float = LOCK_WAIT) -> None:
        self.pid = pid
        who = f"another followup (pid {pid})" if pid else "another followup"
        stop = f"`kill {pid}`" if pid else "end it"
        super().__init__(path, f"is in use by {who}, which did not let go within "
                         f"{waited:g} seconds",
                         f"Nothing was changed. Finish or close it and try again (if it is "
                         f"stuck, {stop}).")


def restore_advice(path: Path) -> str:
    backup = backup_path(path)
    if backup.exists():
        return (
            f"The file was left untouched. The previous version is kept in {backup}; "
            f"run `followup --db {path} restore` to put it back."
        )
    return (
        "The file was left untouched and there is no backup beside it. "
        "Move it aside to start afresh, or repair it by hand."
    )


class Record:
    """A stored document kept as its JSON text and parsed only when it is asked for.

    The storage keeps the documents of its big tables (the interviews) this
    way. At ten thousand interviews their parsed dicts take four times the
    memory of their text, which is also what a save writes out: an unchanged
    document is written as the very bytes it was read as. The text is in
    memory, or (for a file read in full) in the storage's private copy of the
    file, which no one else can change. A record never changes; a changed
    document is a new record.

    Ten thousand of these are kept, so each holds five slots: where its bytes
    are and where its summary-index line is share one number (`place`).
    """

    __slots__ = ("key", "start", "note", "src", "place")

    def __init__(self, key: str, entry: bytes | memoryview | None, start: int,
                 copy: _Copy | None = None, at: int = 0, size: int = 0) -> None:
        # The document id it is stored under, and its entry `"<key>":<document>` in
        # UTF-8 as in the file, with the document's JSON from `start` on: `entry`
        # itself, or `size` bytes at `at` in `copy`.
        self.key = key
        self.start = start
        if entry is not None:
            self.src: bytes | memoryview | _Copy = entry
            at, size = 0, len(entry)
        else:
            assert copy is not None
            self.src = copy
        if size >> _SIZE_BITS or at >> _FILE_BITS:
            raise ValueError("a document too large, or too far into the file, to keep")
        # What the table's reader made of the document (see SafeJSONStorage).
        self.note: Any = None
        # Where its line lies in the summary index this process last wrote or read
        # (see `_line_at`; a save copies the line, and the line's key, from there rather
        # than keep their bytes), above where its bytes are (`at`, `size`).
        self.place = (at << _SIZE_BITS) | size

    @property
    def text(self) -> bytes | memoryview | None:
        src = self.src
        return None if type(src) is _Copy else cast("bytes | memoryview", src)

    @property
    def copy(self) -> _Copy | None:
        src = self.src
        return src if type(src) is _Copy else None

    @property
    def at(self) -> int:
        return (self.place >> _SIZE_BITS) & _FILE_MASK

    @property
    def size(self) -> int:
        return self.place & _SIZE_MASK

    @property
    def line(self) -> int | None:
        return (self.place >> _PLACE_BITS) or None

    @line.setter
    def line(self, line: int | None) -> None:
        self.place = (self.place & _PLACE_MASK) | ((line or 0) << _PLACE_BITS)

    @classmethod
    def of(cls, key: str, doc: Any) -> Record:
        prefix = f'"{key}":' if key.isdigit() else _dump(key) + ":"
        text = prefix + _dump(doc)
        return cls(key, text.encode(), len(prefix.encode()))

    @property
    def entry(self) -> bytes | memoryview:
        src = self.src
        if type(src) is _Copy:
            place = self.place
            return src.read((place >> _SIZE_BITS) & _FILE_MASK, place & _SIZE_MASK)
        return cast("bytes | memoryview", src)

    def load(self) -> Any:
        """The document, parsed afresh: a new dict at each call."""
        return json.loads(bytes(self.entry[self.start:]))


# How a record's `place` is laid out: its size, then where it starts in the private
# copy, then (above `_PLACE_BITS`) its summary-index line (see `_line_at`).
_SIZE_BITS = 32
_FILE_BITS = 48
_PLACE_BITS = _SIZE_BITS + _FILE_BITS
_SIZE_MASK = (1 << _SIZE_BITS) - 1
_FILE_MASK = (1 << _FILE_BITS) - 1
_PLACE_MASK = (1 << _PLACE_BITS) - 1


class _Copy:
    """A private copy of the data file as it was read: an unlinked temporary file
    (gone when this process ends, however it ends) that no other program can
    open, so the records read from it stay what they were."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def read(self, at: int, size: int) -> bytes:
        data = os.pread(self.fd, size, at)
        while len(data) < size:
            more = os.pread(self.fd, size - len(data), at + len(data))
            if not more:
                raise OSError(errno.EIO, "the private copy of the data file is short")
            data += more
        return data


def _copy_range(src: int, dst: int, at: int, size: int) -> None:
    """Append `size` bytes at `at` in `src` to `dst`, inside the kernel where it can."""
    in_kernel = getattr(os, "copy_file_range", None)  # (Linux only)
    while size:
        try:
            if in_kernel is None:
                raise OSError(errno.ENOSYS, "no copy_file_range here")
            done = in_kernel(src, dst, size, at)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP,
                                 errno.EBADF, errno.EPERM):
                raise
            block = os.pread(src, min(size, 1 << 20), at)
            done = len(block)
            rest = memoryview(block)
            while rest:
                rest = rest[os.write(dst, rest):]
        if done == 0:
            raise OSError(errno.EIO, "the data file ended early while it was copied")
        at += done
        size -= done


def _entry(doc_id: str, doc: Any) -> bytes | memoryview:
    if type(doc) is Record:
        return doc.entry if doc.key == doc_id else Record.of(doc_id, doc.load()).entry
    # TinyDB's document ids are digit strings; they need no escaping.
    key = f'"{doc_id}"' if doc_id.isdigit() else _dump(doc_id)
    return f"{key}:{_dump(doc)}".encode()


# A run of the private copy: (copy, offset, length).
_Range = tuple[_Copy, int, int]

# Where a record's line lies in a summary index, as one number (kept in the record's
# `place`, not as the line's bytes): the index's generation (see `_IndexFile`), the
# line's number in the file (its key in the last line goes by it), the offset from
# the first record line, and the length with the newline.
_LINE_BITS = 24
_AT_BITS = 32
_NUMBER_BITS = 24
_LENGTH_MASK = (1 << _LINE_BITS) - 1
_OFFSET_MASK = (1 << _AT_BITS) - 1
_NUMBER_MASK = (1 << _NUMBER_BITS) - 1
_GENERATION_SHIFT = _LINE_BITS + _AT_BITS + _NUMBER_BITS


def _line_at(generation: int, number: int, at: int, length: int) -> int | None:
    if length >> _LINE_BITS or at >> _AT_BITS or number >> _NUMBER_BITS:
        return None  # (a line this long, far or late is written out afresh)
    return ((generation << _GENERATION_SHIFT) | (number << (_LINE_BITS + _AT_BITS))
            | (at << _LINE_BITS) | length)


class _IndexFile:
    """The summary index this process last wrote or read: its generation (a number
    that no other index of this process had), its signature, where its record lines
    start, and its last line and the keys in it. A save copies the lines (and keys) of
    unchanged records from it, once it has checked that the file on disk is still
    this very one."""

    __slots__ = ("generation", "signature", "first", "end", "keys")

    def __init__(self, generation: int, signature: tuple[int, int, int, int],
                 first: int, end: int = 0, keys: _Keys | None = None) -> None:
        self.generation = generation
        self.signature = signature
        self.first = first
        self.end = end  # where its last line starts
        self.keys = keys  # where the keys in that line lie


def file_chunks(data: dict[str, Any],
                record_tables: Collection[str] = ()) -> list[bytes | memoryview | _Range]:
    """The whole file as compact JSON (equal to json.dumps), in pieces for
    `_write_all`: each record's bytes as they are (records next to each other
    in the private copy as one run of it), each dict encoded. In the tables
    named in `record_tables` the dicts are replaced by records, so the next
    save need not encode them again (the other tables stay dicts: TinyDB
    changes those in place)."""
    chunks: list[bytes | memoryview | _Range] = [b"{"]
    for n, (name, table) in enumerate(data.items()):
        chunks.append(f'{"," if n else ""}{_dump(name)}:{{'.encode())
        keep = name in record_tables
        run: list[Any] | None = None  # [copy, offset, end] of the run being extended
        first = True
        for doc_id, doc in table.items():
            if type(doc) is Record and doc.key == doc_id:
                src = doc.src
                if type(src) is _Copy:
                    place = doc.place
                    at = (place >> _SIZE_BITS) & _FILE_MASK
                    stop = at + (place & _SIZE_MASK)
                    if run is not None and src is run[0] and at == run[2] + 1:
                        run[2] = stop  # the next one, after the comma
                        continue
                    piece = None
                else:
                    piece = cast("bytes | memoryview", src)
            else:
                if keep and isinstance(doc, dict):
                    # The same key: safe while iterating.
                    doc = table[doc_id] = Record.of(doc_id, doc)
                piece = _entry(doc_id, doc)
            if run is not None:
                chunks.append((run[0], run[1], run[2] - run[1]))
                run = None
            if not first:
                chunks.append(b",")
            first = False
            if piece is None:
                run = [src, at, stop]
            else:
                chunks.append(piece)
        if run is not None:
            chunks.append((run[0], run[1], run[2] - run[1]))
        chunks.append(b"}")
    chunks.append(b"}")
    return chunks


def dumps_data(data: dict[str, Any]) -> str:
    """The whole file as compact JSON, equal to json.dumps (see `file_chunks`)."""
    return b"".join(chunk[0].read(chunk[1], chunk[2]) if type(chunk) is tuple
                    else cast("bytes | memoryview", chunk)
                    for chunk in file_chunks(data)).decode()


def plain_data(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with every record parsed into a dict (for code that changes the whole file)."""
    return {name: {doc_id: doc.load() if type(doc) is Record else doc
                   for doc_id, doc in table.items()}
            for name, table in data.items()}


def _write_all(fd: int, chunks: Sequence[bytes | memoryview | _Range]) -> None:
    """Write every chunk: runs of the private copy copied in the kernel, the rest a
    thousand chunks to a system call, finishing any partial write."""
    batch: list[bytes | memoryview] = []
    for chunk in [*chunks, None]:
        if type(chunk) is tuple or chunk is None or len(batch) == 1024:
            if batch:
                written = os.writev(fd, batch)
                wanted = sum(len(piece) for piece in batch)
                if written < wanted:
                    rest = memoryview(b"".join(batch))[written:]
                    while rest:
                        rest = rest[os.write(fd, rest):]
                batch = []
            if type(chunk) is tuple:
                _copy_range(chunk[0].fd, fd, chunk[1], chunk[2])
                continue
        if chunk is not None:
            batch.append(cast("bytes | memoryview", chunk))




def read_file(path: Path) -> bytes:
    """The bytes of `path`, or DataFileError saying why they cannot be read."""
    try:
        raw = _read_regular(path)
    except PermissionError as exc:
        raise DataFileError(
            path,
            "cannot be read (permission denied)",
            f"Check who owns it and its mode (it should be yours, 0600): "
            f"`chmod 600 {path}`. Nothing was changed.",
        ) from exc
    except IsADirectoryError as exc:
        raise DataFileError(path, "is a folder, not a data file",
                            "Point --db or FOLLOWUP_DB at a file.") from exc
    except NotRegular as exc:
        raise DataFileError(path, "is not a regular file (a pipe, a device or a socket)",
                            "Point --db or FOLLOWUP_DB at a file. Nothing was read or "
                            "changed.") from exc
    except OSError as exc:
        raise DataFileError(path, f"cannot be read ({exc.strerror})") from exc
    return _not_empty(path, raw)


def _read_regular(path: Path) -> bytes:
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _not_empty(path: Path, raw: bytes) -> bytes:
    if not raw.strip():
        raise DataFileError(path, "is empty, so it is not a followup data file")
    return raw


def parse_file(path: Path, raw: bytes | None = None) -> dict[str, Any]:
    """Parse `path` (its bytes `raw` if given) whole, or raise DataFileError saying what
    is wrong with it."""
    if raw is None:
        raw = read_file(path)
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise DataFileError(path, "is not text (it is not UTF-8)") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(
            path, f"does not parse as JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise DataFileError(path, "does not parse as JSON (it is nested too deeply)") from exc
    except ValueError as exc:
        # Python's own limit on the digits of a number (4,300), and the like.
        raise DataFileError(path, f"does not parse as JSON ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise DataFileError(path, "is JSON but not a followup data file (wrong shape)")
    return data


def load_file(path: Path, readers: Mapping[str, Reader],
              previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The data in `path`, with the documents of the tables in `readers` kept as
    records, each noted by its table's reader; DataFileError if it cannot be used.

    A file laid out the way this storage writes it is read one document at a
    time, so its parsed dicts never all exist at once, and a document whose
    bytes are those of a record in `previous` (the last reading) is not parsed
    again. The file is first copied (by the kernel) to a private temporary
    file and read from there through a window that moves along it, so neither
    its text nor its dicts are ever all in memory; where no such copy can be
    made (a read-only folder, a full disk), it is read into memory. Any other
    layout (a file edited by hand) is parsed whole.
    """
    copy, raw = take_file(path)
    try:
        data = _scan(raw, readers, previous or {}, copy)
    except (ValueError, StopIteration, RecursionError):
        # Not UTF-8, not JSON, or nested: the whole-file parse says what is wrong.
        data = None
    if data is None:
        data = parse_file(path, _not_empty(path, raw[:]))
        for name, reader in readers.items():
            table = data.get(name)
            if table:
                data[name] = {doc_id: _read_record(doc_id, doc, reader)
                              for doc_id, doc in table.items()}
    if isinstance(raw, mmap.mmap):
        with contextlib.suppress(BufferError):
            raw.close()
    return data


def take_file(path: Path) -> tuple[_Copy | None, bytes | mmap.mmap]:
    """The contents of `path`: its private copy, mapped; or else its bytes."""
    copied = _private_copy(path)
    return copied if copied is not None else (None, read_file(path))


@typing.overload
def _private_copy(path: Path) -> tuple[_Copy, mmap.mmap] | None: ...
@typing.overload
def _private_copy(path: Path, expect: tuple[int, ...]
                  ) -> tuple[_Copy, mmap.mmap, tuple[int, int, int, int]] | None: ...
def _private_copy(path: Path, expect: tuple[int, ...] | None = None) -> Any:
    """A private copy of `path` beside it (see `_Copy`), mapped for reading; None where
    it cannot be made (the caller then reads the file into memory). With `expect`,
    only of the file with that signature (and the signature is returned too)."""
    if not hasattr(os, "O_TMPFILE"):
        return None
    try:
        src = open_regular(path)
    except OSError:
        return None  # the plain read says why
    try:
        stat = os.fstat(src)
        if not S_ISREG(stat.st_mode) or stat.st_size == 0:
            return None
        if expect is not None and _signature(stat) != expect:
            return None
        copy = _Copy(os.open(path.parent, os.O_TMPFILE | os.O_RDWR, 0o600))
        _copy_range(src, copy.fd, 0, stat.st_size)
        view = mmap.mmap(copy.fd, stat.st_size, prot=mmap.PROT_READ)
        return (copy, view) if expect is None else (copy, view, _signature(stat))
    except (OSError, ValueError):
        return None
    finally:
        os.close(src)


def _read_record(doc_id: str, doc: Any, reader: Reader) -> Record:
    try:
        record = Record.of(doc_id, doc)
    except UnicodeEncodeError:
        # A `\udcff` escape, read as text that cannot be written as UTF-8: keep it escaped.
        prefix = _dump(doc_id) + ":"
        text = prefix + json.dumps(doc, separators=(",", ":"))
        record = Record(doc_id, text.encode(), len(prefix))
    record.note = reader(doc)
    return record


# The writer's layout: `{"<table>":{"<id>":{...},"<id>":{...}},"<table>":{}}`.
_TABLE = re.compile(rb'"([^"\\]*)":\{')
_DOC = re.compile(rb'"(\d+)":\{')
# Where the next document of a table may start (or something inside a document).
_NEXT_DOC = re.compile(rb'\},"\d+":\{')
# (value, end) at an index; typeshed types the argument as the scanner's own class.
_parse_value = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_WINDOW = 512 << 10


def _record(doc_id: str, view: memoryview, key_at: int, stop: int, start: int,
            copy: _Copy | None) -> Record:
    if copy is None:
        return Record(doc_id, view[key_at:stop], start - key_at)
    return Record(doc_id, None, start - key_at, copy, key_at, stop - key_at)


def _scan(raw: bytes | mmap.mmap, readers: Mapping[str, Reader], previous: dict[str, Any],
          copy: _Copy | None = None) -> dict[str, Any] | None:
    """The data in `raw` read one document at a time; None if it is not in the writer's
    layout. Raises ValueError (or StopIteration) for text that does not parse.

    Each document runs from its `{` to the next `},"<digits>":{`, or else the
    end of the file. Such a piece always starts where a document starts, and a
    parse from there ends where that document ends, wherever that is (the
    remainder must then be the end of the table). Only a piece cut short (the
    pattern inside a document) fails to parse; the whole-file parse takes over.

    With `copy`, `raw` is the copy mapped into memory: the records point into
    it, and the pages read are let go every few megabytes.
    """
    end = len(raw)
    while end and raw[end - 1:end] in b" \t\n\r":
        end -= 1
    if raw[:1] != b"{":
        return None
    view = memoryview(raw)
    let_go = 0
    data: dict[str, Any] = {}
    pos = 1
    if raw[pos:pos + 1] == b"}":
        return data if pos + 1 == end else None
    while True:
        found = _TABLE.match(raw, pos)
        if found is None:
            return None
        name = found.group(1).decode()
        pos = found.end()
        reader = readers.get(name)
        before = previous.get(name) if reader is not None else None
        if not isinstance(before, dict):
            before = {}
        table: dict[str, Any] = {}
        while raw[pos:pos + 1] != b"}":
            found = _DOC.match(raw, pos)
            if found is None:
                return None
            doc_id = found.group(1).decode()
            key_at, start = found.start(), found.end() - 1
            old = before.get(doc_id)
            stop = key_at + old.size if type(old) is Record else 0
            if type(old) is Record and old.key == doc_id and old.entry == view[key_at:stop]:
                # The bytes of a document read before (a complete object, so the
                # document here ends where they do): the same document, not parsed again.
                record = _record(doc_id, view, key_at, stop, start, copy)
                record.note = old.note
                table[doc_id] = record
            else:
                following = _NEXT_DOC.search(raw, start)
                stop = following.start() + 1 if following is not None else end
                text = str(view[start:stop], "utf-8", "surrogatepass")
                doc, length = _parse_value(text, 0)
                if length < len(text):
                    stop = start + len(text[:length].encode("utf-8", "surrogatepass"))
                if reader is None:
                    table[doc_id] = doc
                else:
                    record = _record(doc_id, view, key_at, stop, start, copy)
                    record.note = reader(doc)
                    table[doc_id] = record
            pos = stop
            if copy is not None and pos - let_go > _WINDOW:
                # Pages behind us are not needed again: out of this process's memory.
                upto = pos - pos % mmap.PAGESIZE
                raw.madvise(mmap.MADV_DONTNEED, let_go, upto - let_go)  # type: ignore[union-attr]
                let_go = upto
            if raw[pos:pos + 1] == b",":
                pos += 1
            elif raw[pos:pos + 1] != b"}":
                return None
        pos += 1
        # A repeated table replaces the first, in its place, as json.loads does.
        data[name] = table
        if raw[pos:pos + 1] == b",":
            pos += 1
        elif raw[pos:pos + 1] == b"}" and pos + 1 == end:
            return data
        else:
            return None


# --- the summary index ------------------------------------------------------------
#
# JSON lines in UTF-8:
#   {"followup-index": 2, "tag": the form of the notes (the caller's),
#    "data": [inode, device, size, mtime_ns],
#    "tables": [[name, "records", count, at] or [name, "json", length, at], ...]}
#   [doc_id, entry length, start of the document in the entry, note]   (one per record)
#   {"end": number of record lines, "wanted": [line of each note a quick reading wants],
#    "keys": [for each of those lines, its key (see `Keyer`), when the caller gives one]}
# The tables are in the file's order, each starting (its `{`) at byte `at` of the
# file; a "json" table is parsed from the file (`length` bytes). Where each document
# lies follows from the lengths, since the file is written in one layout (see
# `file_chunks`).




# How many of the last line's numbers of wanted lines are written out at once.
_WANTED_RUN = 512


def index_lines(data: dict[str, Any], readers: Mapping[str, Reader],
                codecs: Mapping[str, IndexCodec],
                signature: tuple[int, int, int, int] | None, tag: str = "",
                keyers: Mapping[str, Keyer] | None = None,
                old: tuple[_Copy, _IndexFile] | None = None, generation: int = 0,
                ) -> tuple[list[bytes | _Range], int, _Keys | None] | None:
    """The index of `data` as just written (the file's `signature`): its first line,
    then its record lines as bytes or as runs of `old` (the index last written, open,
    whose lines the records know: see `Record.line`) to copy, then its last line (where
    it starts is given too, and where its keys lie in it: they may be runs of `old`
    too); None
    when some document cannot be indexed (one not kept as a record, or a note the
    codec cannot keep). With `keyers`, the last line also keys each wanted note.

    Each record is told where its line lies in this index, of `generation`."""
    if signature is None:
        return None
    tables: list[list[Any]] = []
    lines: list[bytes | _Range] = []
    count = 0  # record lines
    written = 0  # their bytes
    copy, before = old if old is not None else (None, None)
    wanted = array("q")  # (numbers, not ten thousand int objects)
    # The keys, one after the other, some as runs of `old` to copy: a key an unchanged
    # note had there, under the same version, is copied from there.
    keys: list[bytes | _Range] = []
    versions: dict[str, str] = {}
    old_keys = before.keys if before is not None else None
    # Where each key goes in the last line, from its start (told to the next save).
    spans = _Keys()
    key_at = 0  # from the `[` of the keys
    small = {name: table for name, table in data.items() if name not in readers}
    pos = 1  # just after the file's opening `{`
    for n, (name, table) in enumerate(data.items()):
        pos += len(_table_prefix(n, name))
        at = pos - 1
        if name in readers:
            encode, _, wants = codecs[name]
            keyer = keyers.get(name) if keyers else None
            version, key_of = keyer(small) if keyer else (None, None)
            if key_of is not None:
                with contextlib.suppress(TypeError, ValueError):
                    versions[name] = _dump(version)
            for k, (doc_id, doc) in enumerate(table.items()):
                if type(doc) is not Record or doc.key != doc_id:
                    return None
                line = doc.line
                if doc.note is None:
                    doc.note = readers[name](doc.load())
                count += 1
                if (line is not None and before is not None and copy is not None
                        and line >> _GENERATION_SHIFT == before.generation):
                    # Unchanged since that index: its line, copied from there.
                    start = before.first + ((line >> _LINE_BITS) & _OFFSET_MASK)
                    length = line & _LENGTH_MASK
                    last = lines[-1] if lines else None
                    if type(last) is tuple and last[1] + last[2] == start:
                        lines[-1] = (copy, last[1], last[2] + length)
                    else:
                        lines.append((copy, start, length))
                else:
                    line = None
                    kept = encode(doc.note)
                    if kept is None:
                        return None
                    text = (_dump([doc_id, doc.size, doc.start, kept]) + "\n").encode()
                    length = len(text)
                    lines.append(text)
                doc.line = _line_at(generation, count, written, length)
                written += length
                if wants(doc.note):
                    wanted.append(count)
                    if key_of is not None:
                        span = None
                        if (line is not None and old_keys is not None and name in versions
                                and old_keys.versions.get(name) == versions[name]):
                            span = old_keys.of((line >> (_LINE_BITS + _AT_BITS)) & _NUMBER_MASK)
                        if span is None:
                            key = _dump(key_of(doc.note)).encode()
                            key_length = len(key)
                            keys.append(key)
                        else:
                            assert copy is not None and before is not None
                            start, key_length = before.end + span[0], span[1] - span[0]
                            last = keys[-1] if keys else None
                            if type(last) is tuple and last[1] + last[2] + 1 == start:
                                # The next key there, after the comma: one run.
                                keys[-1] = (copy, last[1], start + key_length - last[1])
                            else:
                                keys.append((copy, start, key_length))
                        key_at += 1 if spans.numbers else 0
                        spans.numbers.append(count)
                        spans.starts.append(key_at)
                        key_at += key_length
                        spans.ends.append(key_at)
                pos += doc.size + (1 if k else 0)
            pos += 1
            tables.append([name, "records", len(table), at])
        else:
            body = _dump(table).encode()
            tables.append([name, "json", len(body), at])
            pos += len(body) - 1
    head = {"followup-index": INDEX_FORMAT, "tag": tag, "data": list(signature),
            "tables": tables}
    first = (_dump(head) + "\n").encode()
    # `{"end":count,"wanted":[...]`, the numbers a few hundred at a time (their text
    # is never whole in memory, nor is a list of them).
    end: list[bytes | _Range] = [f'{{"end":{count},"wanted":['.encode()]
    for at in range(0, len(wanted), _WANTED_RUN):
        end.append((b"," if at else b"")
                    + ",".join(map(str, wanted[at:at + _WANTED_RUN])).encode())
    end.append(b'],"keys":[' if keyers else b"]}")
    if keyers:
        # (The spans were counted from the keys' `[`: from the line's start now.)
        spans.base = sum(map(len, cast(list[bytes], end)))
        spans.versions = versions
        for n, piece in enumerate(keys):
            if n:
                end.append(b",")
            end.append(piece)
        tail = b"]"
        if versions:
            tail += b',"versions":{' + b",".join(
                f"{_dump(name)}:{version}".encode() for name, version in versions.items()) + b"}"
        end.append(tail + b"}")
    end[-1] = cast(bytes, end[-1]) + b"\n"
    return [first, *lines, *end], len(first) + written, spans if keyers else None


class _Keys:
    """Where the keys in a summary index's last line lie (see `Keyer`): for each keyed
    line, by number (ascending), its key's start and end from `base` (where that last
    line starts, plus `base`), and the version each table's keys were worked out
    under. Kept with the index this process last wrote or read (`_IndexFile`), in
    arrays: no object per key. A save copies the keys of unchanged notes from there."""

    __slots__ = ("numbers", "starts", "ends", "base", "versions")

    def __init__(self) -> None:
        self.numbers = array("q")
        self.starts = array("q")
        self.ends = array("q")
        self.base = 0
        self.versions: dict[str, str] = {}

    def of(self, number: int) -> tuple[int, int] | None:
        """(start, end) of the key of the line `number` from where the last line
        starts, if it was keyed."""
        at = bisect_left(self.numbers, number)
        if at < len(self.numbers) and self.numbers[at] == number:
            return self.base + self.starts[at], self.base + self.ends[at]
        return None


def _end_line(line: bytes) -> tuple[int, _Keys | None]:
    """The number of record lines a summary index's last `line` says it has, and where
    its keys lie (None when it keys nothing); ValueError (or another error of reading
    JSON) when the line does not parse as this storage writes it. The keys are gone
    through one at a time: parsed whole, at ten thousand interviews they take
    megabytes."""
    keys_at = line.find(b',"keys":[')
    if keys_at < 0:
        end = json.loads(line)
        return end["end"], None
    head = json.loads(line[:keys_at] + b"}")
    wanted = head["wanted"]
    text = line[keys_at + 9:].decode()
    found = _Keys()
    found.numbers.extend(wanted)
    if list(found.numbers) != sorted(wanted):
        raise ValueError("the keyed lines are not in order")
    ascii_only = text.isascii()
    at = 0  # in `text`
    at_byte = keys_at + 9  # the same place in `line`
    while text[at:at + 1] != "]":
        if len(found.starts) == len(wanted):
            raise ValueError("more keys than keyed lines")
        end = _parse_value(text, at)[1]
        length = end - at if ascii_only else len(text[at:end].encode())
        found.starts.append(at_byte)
        found.ends.append(at_byte + length)
        at_byte += length + 1
        if text[end:end + 1] == ",":
            end += 1
        elif text[end:end + 1] != "]":
            raise ValueError("the keys do not parse one by one")
        at = end
    if len(found.starts) != len(wanted):
        raise ValueError("fewer keys than keyed lines")
    tail = text[at + 1:]
    if tail == "}":
        rest: Any = {}  # (an index written before the versions were noted)
    elif tail[:1] == ",":
        rest = json.loads("{" + tail[1:])
    else:
        raise ValueError("the last line does not end after the keys")
    versions = rest.get("versions", {})
    if type(versions) is not dict:
        raise ValueError("the keys' versions are not an object")
    found.versions = {name: _dump(version) for name, version in versions.items()}
    return head["end"], found


def load_indexed(path: Path, index: Path, readers: Mapping[str, Reader],
                 codecs: Mapping[str, IndexCodec], tag: str = "", generation: int = 0,
                 ) -> tuple[dict[str, Any], tuple[int, int, int, int], _IndexFile] | None:
    """The data in `path` with the notes of its records taken from `index`, the
    signature of the file read, and the index as read (its records are told where
    their lines lie in it, of `generation`); None when the index is missing, damaged
    or made for another version of the file (the caller then reads the file itself).
    Writes nothing: a private copy of the file is made as `load_file` makes one."""
    try:
        fd = open_regular(index, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            known = _signature(os.fstat(handle.fileno()))
            raw = handle.read()
        # Kept as one piece (split into lines, they would take as much again).
        first = raw.index(b"\n") + 1
        head = json.loads(raw[:first])
        if (type(head) is not dict or head.get("followup-index") != INDEX_FORMAT
                or head.get("tag") != tag):
            return None
        tables = head["tables"]
        count = sum(t[2] for t in tables if t[1] == "records")
        # The record lines, then the end line, each ending with a newline.
        last = raw.rindex(b"\n", 0, len(raw) - 1) + 1
        if raw.count(b"\n") != count + 2 or raw[-1:] != b"\n":
            return None
        ended, keys = _end_line(raw[last:-1])
        if ended != count:
            return None
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            StopIteration, RecursionError, OverflowError):
        return None
    copied = _private_copy(path, tuple(head["data"]))
    if copied is None:
        return None
    copy, view, signature = copied
    try:
        return (_from_index(view, copy, tables, raw, first, last, readers, codecs, generation),
                signature, _IndexFile(generation, known, first, last, keys))
    except (ValueError, TypeError, KeyError, IndexError, StopIteration, RecursionError):
        return None
    finally:
        with contextlib.suppress(BufferError):
            view.close()


_ROWS = 64


def _rows(raw: bytes, first: int, last: int) -> Iterator[tuple[Any, int, int]]:
    """The record lines of `raw` (from `first` to `last`) parsed, `_ROWS` at a time,
    each with where its line lies after `first` and its length with the newline.

    All at once, their lists would take several times the memory of the summaries
    made of them. A thousand at a time, the summaries made meanwhile were strewn
    among the lists, which were then let go: at ten thousand interviews the process
    kept about 2.5 MB more than the summaries need."""
    at = first
    while at < last:
        ends = []
        end = at
        for _ in range(_ROWS):
            end = raw.index(b"\n", end, last) + 1
            ends.append(end)
            if end == last:
                break
        rows = json.loads(b"[" + raw[at:end - 1].replace(b"\n", b",") + b"]")
        if len(rows) != len(ends):
            raise ValueError("the index's lines do not parse one by one")
        for row, stop in zip(rows, ends, strict=True):
            yield row, at - first, stop - at
            at = stop


def _from_index(raw: mmap.mmap, copy: _Copy, tables: list[Any], index: bytes, first: int,
                last: int, readers: Mapping[str, Reader], codecs: Mapping[str, IndexCodec],
                generation: int) -> dict[str, Any]:
    """The data laid out as `tables` says, checking that each piece is where the index
    puts it (ValueError if not)."""
    rows = _rows(index, first, last)
    number = 0  # the line of the record (the first line is the index's head)
    data: dict[str, Any] = {}
    pos = 1
    let_go = 0
    if raw[:1] != b"{":
        raise ValueError("not the writer's layout")
    for n, (name, kind, size, at) in enumerate(tables):
        prefix = _table_prefix(n, name)
        if raw[pos:pos + len(prefix)] != prefix or pos + len(prefix) - 1 != at:
            raise ValueError("a table is not where the index says")
        pos += len(prefix)
        if kind == "json":
            table = json.loads(raw[pos - 1:pos + size - 1])
            if type(table) is not dict:
                raise ValueError("a table is not an object")
            pos += size - 1
        elif kind == "records" and name in readers:
            decode = codecs[name][1]
            table = {}
            for k in range(size):
                (doc_id, length, start, kept), line_at, line_length = next(rows)
                if k:
                    if raw[pos:pos + 1] != b",":
                        raise ValueError("a document is not where the index says")
                    pos += 1
                key = f'"{doc_id}":'.encode()
                if (not doc_id.isdigit() or start != len(key)
                        or raw[pos:pos + start] != key
                        or raw[pos + length - 1:pos + length] != b"}"):
                    raise ValueError("a document is not where the index says")
                record = Record(doc_id, None, start, copy, pos, length)
                record.note = decode(kept)
                number += 1
                record.line = _line_at(generation, number, line_at, line_length)
                table[doc_id] = record
                pos += length
                if pos - let_go > _WINDOW:
                    # The pages checked are not needed again: out of this process's
                    # memory (as `_scan` does).
                    upto = pos - pos % mmap.PAGESIZE
                    raw.madvise(mmap.MADV_DONTNEED, let_go, upto - let_go)
                    let_go = upto
            if raw[pos:pos + 1] != b"}":
                raise ValueError("a table does not end where the index says")
            pos += 1
        else:
            raise ValueError("a table of an unknown kind")
        data[name] = table
    if pos + 1 != len(raw) or raw[pos:pos + 1] != b"}" or next(rows, None) is not None:
        raise ValueError("the file does not end where the index says")
    return data


class SafeJSONStorage(Storage):
    """Atomic, locked, cached JSON storage for TinyDB. See the module docstring."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True,
                 records: Mapping[str, Reader] | None = None,
                 index: Mapping[str, IndexCodec] | None = None,
                 read_index: bool = True, index_tag: str = "",
                 index_keys: Mapping[str, Keyer] | None = None) -> None:
        """`records` names the tables whose documents are kept as records (their JSON
        text, see `Record`), each with a reader: called with every document of the
        table as it is parsed, it returns what to keep in the record's `note`.

        `index` gives, for each of those tables, how its notes are kept in the
        summary index; every save writes the index when all the tables in
        `records` have one. With `read_index`, the first reading takes the notes
        from the index when it matches the file (see the module docstring), and was
        written with the same `index_tag` (the form of the notes kept in it).
        `index_keys` gives the tables whose wanted notes are keyed in the index's
        last line (see `Keyer`)."""
        self.path = resolve_link(Path(path))
        self.backup_path = backup_path(self.path)
        self.lock_path = lock_path(self.path)
        self.index_path = index_path(self.path)
        self._readers: Mapping[str, Reader] = dict(records or {})
        self._index: Mapping[str, IndexCodec] = dict(index or {})
        if set(self._index) != set(self._readers):
            self._index = {}
        self._read_index = read_index and bool(self._index)
        self._index_tag = index_tag
        self._index_keys: Mapping[str, Keyer] = dict(index_keys or {})
        # The summary index last written or read, whose lines a save copies (see
        # `_IndexFile`), and the generation the next one gets.
        self._index_file: _IndexFile | None = None
        self._index_generation = 0
        # Whether the last reading came from the index (for tests and the benchmark).
        self.read_from_index = False
        self._cache: dict[str, Any] | None = None
        self._seen: tuple[int, int, int, int] | None = None
        self._thread_lock = threading.RLock()
        self._lock_depth = 0
        self._lock_fd: int | None = None
        # Bumped whenever the data changes, here or in another process.
        self.generation = 0
        # Told (with the holder's pid, if known) when a change has waited LOCK_QUIET
        # seconds for another process's lock; called from the waiting thread.
        self.on_wait: Callable[[int | None], None] | None = None
        # Tables a new file starts with (the schema version), added by its first save.
        self.initial: dict[str, Any] = {}
        # With `index_later` set (the app does), a save leaves its summary index to
        # `write_index_due`, called once the change is on the screen: the index only
        # makes the next start quicker, and at ten thousand interviews writing it takes
        # longer than a frame. One never written no longer matches the file: rebuilt.
        self.index_later = False
        # (each table as written, the file's signature) of the save whose index waits.
        self._index_due: tuple[list[tuple[str, Any]],
                               tuple[int, int, int, int] | None] | None = None
        if not os.path.lexists(self.path) and not create:
            if self.backup_path.exists():
                raise missing_with_backup(self.path)
            raise DataFileError(self.path, "does not exist",
                                "Check the path, or leave out --db to use the default.")
        # A file not there yet reads as empty; the first save creates it.
        self.read()

    # --- locking -------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the exclusive lock: reads and writes inside see no other writer."""
        with self._thread_lock:
            if self._lock_depth == 0:
                fd = self._open_lock_file()
                if fd is not None:
                    try:
                        self._take_lock(fd)
                    except BaseException:
                        os.close(fd)
                        raise
                self._lock_fd = fd
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0 and self._lock_fd is not None:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                    os.close(self._lock_fd)
                    self._lock_fd = None

    lock_wait: float = LOCK_WAIT

    def _take_lock(self, fd: int) -> None:
        take_lock(fd, self.path, self.lock_wait, self.on_wait)

    def _open_lock_file(self, first_save: bool = False) -> int | None:
        """The lock file, opened; None where it cannot be made (a read-only folder).

        flock works on a file opened for reading only, so a lock file we may
        not write still locks. Where there is none and none can be made, the
        data can still be read (every save replaces the file whole, so a read
        never sees half of one), but not saved: `_write_file` refuses.
        """
        try:
            return os.open(self.lock_path, os.O_RDWR)
        except FileNotFoundError:
            if not first_save and not os.path.lexists(self.path):
                # Nothing saved yet: the first save makes the lock (reading, or a
                # command that is refused, leaves the folder as it was).
                return None
        except OSError:
            pass  # (not ours to write: opened for reading below, which still locks)
        try:
            return os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            if exc.errno == errno.ENOENT and not self.path.parent.exists():
                return None  # no folder yet: taken by the first save, which makes it
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise DataFileError(self.path, f"cannot be locked ({exc.strerror})",
                                    "Nothing was changed.") from exc
        try:
            return os.open(self.lock_path, os.O_RDONLY)
        except OSError:
            return None

    # --- TinyDB Storage interface --------------------------------------------

    def changed_on_disk(self) -> bool:
        try:
            return _signature(os.stat(self.path)) != self._seen
        except FileNotFoundError:
            # Gone (or not made yet, and read as empty: then nothing changed).
            return self._seen is not None or self.backup_path.exists()

    def read(self) -> dict[str, Any] | None:
        with self._thread_lock:
            try:
                stat = os.stat(self.path)
            except FileNotFoundError as exc:
                if self.backup_path.exists():
                    raise missing_with_backup(self.path) from exc
                if self._seen is not None:
                    raise DataFileError(
                        self.path, "has disappeared",
                        "Restore it from the backup with `followup restore`, or start "
                        "afresh.",
                    ) from exc
                # Not created yet: empty, and nothing is made by reading it.
                if self._cache is None:
                    self._cache = {}
                    self.generation += 1
                return self._cache
            if self._cache is None and self._read_index:
                self._index_generation += 1
                indexed = load_indexed(self.path, self.index_path, self._readers, self._index,
                                       self._index_tag, self._index_generation)
                self.read_from_index = indexed is not None
                if indexed is not None:
                    self._cache, self._seen, self._index_file = indexed
                    self.generation += 1
                    return self._cache
            if self._cache is None or _signature(stat) != self._seen:
                self.read_from_index = False
                self._cache = load_file(self.path, self._readers, self._cache)
                # The signature taken *before* reading: if another process replaced the
                # file in between, the next read sees a difference and parses again.
                # (A stat taken after would pair the new file's signature with the old
                # contents, and the next locked write would drop the other's change.)
                self._seen = _signature(stat)
                self.generation += 1
            return self._cache

    def write(self, data: dict[str, Any]) -> None:
        with self.transaction():
            self._index_due = None
            try:
                self._write_file(data)
            except BaseException:
                # TinyDB changed the cached dict in place before calling us; the
                # write failed, so read the disk again (the records kept in the
                # cache are still good for the documents on disk that equal them).
                self._seen = None
                raise
            # The change is durable now; the index only makes the next start quicker.
            if self._index:
                if self.index_later:
                    # As written: the records never change, but the small tables are
                    # changed in place by the next change (kept as their JSON text).
                    self._index_due = ([(name, dict(table) if name in self._readers
                                         else _dump(table)) for name, table in data.items()],
                                       self._seen)
                else:
                    self._write_index(data)

    def write_index_due(self) -> None:
        """Write the summary index of the last save, left for later (`index_later`), if
        that save's file is still the one on disk as far as this process knows (after
        another process's save read since, it would describe the wrong file)."""
        with self.transaction():
            due, self._index_due = self._index_due, None
            if due is not None and due[1] == self._seen:
                self._write_index({name: table if name in self._readers else json.loads(table)
                                   for name, table in due[0]})

    def _write_index(self, data: dict[str, Any]) -> None:
        """Write the summary index of `data`, just saved, beside the file; or, when it
        cannot be made, remove the old one (it no longer matches anyway, but it holds
        an older copy of the summaries)."""
        tmp: Path | None = None
        before, self._index_file = self._index_file, None
        self._index_generation += 1
        generation = self._index_generation
        try:
            old = self._open_index(before)
            made = index_lines(data, self._readers, self._index, self._seen,
                               self._index_tag, self._index_keys, old, generation)
            if made is None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.index_path)
                return
            import tempfile  # (only a save needs it: reading starts without it)

            fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.index.", suffix=".tmp",
                                            dir=self.path.parent)
            tmp = Path(tmp_name)
            lines, end, keys = made
            try:
                _write_all(fd, lines)
                written = _signature(os.fstat(fd))
            finally:
                os.close(fd)
            first = len(cast(bytes, lines[0]))
            del made, lines, old
            # Not fsynced: after a crash an index cut short does not parse, and one
            # that lost the last save does not match the file. Either is rebuilt.
            os.replace(tmp, self.index_path)
            tmp = None
            self._index_file = _IndexFile(generation, written, first, end, keys)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                if tmp is not None:
                    tmp.unlink()
                os.unlink(self.index_path)

    def _open_index(self, known: _IndexFile | None) -> tuple[_Copy, _IndexFile] | None:
        """The summary index this process last wrote or read, open to copy lines from,
        if the file beside the data is still that very one (another process may have
        written its own since); None otherwise."""
        if known is None:
            return None
        try:
            copy = _Copy(open_regular(self.index_path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)))
            if _signature(os.fstat(copy.fd)) != known.signature:
                return None
        except OSError:
            return None
        return copy, known

    def close(self) -> None:
        pass

    def warm(self) -> None:
        """Nothing left to prepare for the first save: each record keeps its JSON text
        from the reading, and the small tables are encoded at each save."""

    # --- the atomic write ----------------------------------------------------

    def _write_file(self, data: dict[str, Any]) -> None:
        folder = self.path.parent
        if not os.path.lexists(self.path):
            # The first save: the folder is made now (reading made nothing).
            if self.backup_path.exists():
                raise missing_with_backup(self.path)
            try:
                ensure_private_dir(folder)
            except OSError as exc:
                raise self._write_error(exc) from exc
            if self._lock_fd is None and self._lock_depth:
                # No lock before the first save (reading makes nothing): take it now.
                self._lock_fd = self._open_lock_file(first_save=True)
                if self._lock_fd is not None:
                    self._take_lock(self._lock_fd)
                if os.path.lexists(self.path):
                    raise DataFileError(self.path, "was created by another followup at the "
                                        "same moment", "This change was not saved; make it "
                                        "again.")
            for name, table in self.initial.items():
                if not data.get(name):
                    data[name] = dict(table)
        else:
            ensure_private_dir(folder)
        if self._lock_fd is None:
            raise DataFileError(
                self.path, "could not be saved: its folder is not writable (not even the "
                "lock file beside it can be made)",
                f"Make {self.path.parent} writable for you, or use --db to point elsewhere. "
                "This change was not saved.",
            )
        try:
            chunks = file_chunks(data, self._readers)
        except UnicodeEncodeError as exc:
            # Lone surrogates (undecodable bytes passed along as text): caught at every
            # way in, and refused here too rather than failing halfway through a write.
            raise DataFileError(self.path, "could not be saved: the change holds text that "
                                "is not valid Unicode", "This change was not saved.") from exc
        self._remove_stale_temp_files()
        import tempfile  # (only a save needs it: reading starts without it)

        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                            dir=folder)
        except OSError as exc:
            raise self._write_error(exc) from exc
        tmp = Path(tmp_name)
        try:
            try:
                _write_all(fd, chunks)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.chmod(tmp, 0o600)
            if self.path.exists():
                self._keep_backup()
            os.replace(tmp, self.path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            if isinstance(exc, OSError):
                raise self._write_error(exc) from exc
            raise
        _fsync_dir(folder)
        self._cache = data
        self._seen = _signature(os.stat(self.path))
        self.generation += 1

    def _remove_stale_temp_files(self) -> None:
        """Temporary files left by a save that was killed (or lost power) halfway.

        Called with the lock held: every writer makes its temporary files only
        under the lock, so any that exist now belong to no one. Each holds a
        copy of the user's data, so they are not left lying about.
        """
        stale_prefix = f".{self.path.name}."
        backup_temp = self.backup_path.name + ".tmp"
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if (name.startswith(stale_prefix) and name.endswith(".tmp")) or name == backup_temp:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)

    def _keep_backup(self) -> None:
        """Keep the version about to be replaced as <file>.bak (a hard link: no copy)."""
        tmp = self.backup_path.with_name(self.backup_path.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        try:
            os.link(self.path, tmp)
        except OSError:
            # Filesystems without hard links: copy instead.
            import shutil

            shutil.copy2(self.path, tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.backup_path)
        # When the backup already is this very file (after a failed save), rename()
        # does nothing and leaves the temporary link behind.
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()

    def _write_error(self, exc: OSError) -> DataFileError:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DataFileError(
                self.path, "could not be saved: the disk is full",
                "Free some space and try again. The file on disk still holds the last saved "
                "version; this change was not saved.",
            )
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return DataFileError(
                self.path, "could not be saved: its folder is not writable",
                f"Make {self.path.parent} writable for you. This change was not saved.",
            )
        return DataFileError(self.path, f"could not be saved ({exc.strerror})",
                             "This change was not saved.")


def take_lock(fd: int, path: Path, wait: float = LOCK_WAIT,
              on_wait: Callable[[int | None], None] | None = None) -> None:
    """Take the exclusive lock on `fd` (the lock file of the data file `path`), waiting
    at most `wait` seconds for another process to let go (LockTimeout, naming it, after
    that; `on_wait` is told after LOCK_QUIET seconds), then note our pid in it.

    The wait is the kernel's own (a blocking flock, in a helper thread on a copy of
    the descriptor), so waiters take turns as the lock is let go: polling instead
    let two busy writers starve a third. If we give up, the helper lets go of the
    lock as soon as it gets it (closing the last descriptor of the lock file).
    """
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        _wait_for_lock(fd, path, wait, on_wait)
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)


def _wait_for_lock(fd: int, path: Path, wait: float,
                   on_wait: Callable[[int | None], None] | None) -> None:
    copy = os.dup(fd)  # the same open file: a lock taken through it is fd's lock
    got = threading.Event()
    settled = threading.Lock()
    abandoned = False

    def in_the_kernel() -> None:
        try:
            fcntl.flock(copy, fcntl.LOCK_EX)
        except OSError:
            os.close(copy)
            return
        with settled:
            if abandoned:
                # Given up on: the lock file's last descriptor, so this lets go of it.
                os.close(copy)
                return
            got.set()

    threading.Thread(target=in_the_kernel, daemon=True, name="wait for the lock").start()
    if not got.wait(min(LOCK_QUIET, wait)) and on_wait is not None and wait > LOCK_QUIET:
        on_wait(_holder(fd))
    got.wait(max(0.0, wait - LOCK_QUIET))
    with settled:
        if not got.is_set():
            abandoned = True
            raise LockTimeout(path, _holder(fd), wait)
    os.close(copy)  # fd still holds the open file, and with it the lock


def __getattr__(name: str) -> Any:
    # `tempfile` (and the `random` it loads) is imported by the first save, not by
    # every command that only reads; `storage.tempfile` still names it.
    if name == "tempfile":
        import tempfile

        return tempfile
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _holder(fd: int) -> int | None:
    """The pid noted in a lock file by the process that holds it, if any."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and len(text) < 10 else None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
