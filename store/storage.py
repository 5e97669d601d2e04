"""A TinyDB storage that cannot leave a half-written file behind.

TinyDB's own JSONStorage rewrites the file in place, with no temporary file
and no lock: a kill during a write leaves JSON that no longer parses, and two
processes writing at once lose each other's changes. This storage

* writes a complete new file beside the old one, fsyncs it and renames it
  over the old one, so a reader sees either the old or the new version;
* keeps the version it replaced as `<file>.bak`;
* takes an exclusive lock (`flock` on `<file>.lock`) around each
  read-modify-write, so two sessions never overwrite each other;
* keeps the parsed data in memory and parses the file again only when it has
  changed on disk, so a save costs one write, not a read and a write;
* creates the file 0600 in a 0700 folder;
* refuses a file that does not parse, naming it and its backup, and never
  writes over it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .locations import backup_path, ensure_private_dir, lock_path


class DataFileError(Exception):
    """The data file cannot be used. The message says why and what to do."""

    def __init__(self, path: Path, problem: str, advice: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.advice = advice or restore_advice(self.path)
        super().__init__(f"{self.path}: {problem}. {self.advice}")


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


class _Doc(dict):
    """A stored document that remembers its own JSON (as file bytes) until it is changed.

    A save then serialises only the documents that changed: at 10,000
    interviews that is one interview's JSON instead of 12 MB of it. TinyDB
    changes a document only through these top-level dict methods; nested
    values are never changed in place (the repository writes whole new
    documents), which is what makes the remembered text safe to reuse.
    """

    __slots__ = ("entry", "key")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # `"<key>":<the document as JSON>`, UTF-8, for the document stored under `key`.
        self.entry: bytes | None = None
        self.key: str | None = None

    def __setitem__(self, key: Any, value: Any) -> None:
        self.entry = None
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self.entry = None
        super().__delitem__(key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.entry = None
        super().update(*args, **kwargs)

    def pop(self, *args: Any) -> Any:
        self.entry = None
        return super().pop(*args)

    def popitem(self) -> Any:
        self.entry = None
        return super().popitem()

    def setdefault(self, *args: Any) -> Any:
        self.entry = None
        return super().setdefault(*args)

    def clear(self) -> None:
        self.entry = None
        super().clear()

    def __ior__(self, other: Any) -> _Doc:
        self.entry = None
        return super().__ior__(other)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _track(data: dict[str, Any]) -> dict[str, Any]:
    for table in data.values():
        for doc_id, doc in table.items():
            if isinstance(doc, dict) and not isinstance(doc, _Doc):
                table[doc_id] = _Doc(doc)
    return data


def _entry(doc_id: str, doc: Any) -> bytes:
    # TinyDB's document ids are digit strings; they need no escaping.
    key = f'"{doc_id}"' if doc_id.isdigit() else _dump(doc_id)
    return f"{key}:{_dump(doc)}".encode()


def file_chunks(data: dict[str, Any]) -> list[bytes]:
    """The whole file as compact JSON (equal to json.dumps), in pieces ready for
    `os.writev`: each unchanged document's remembered bytes are reused as they
    are, and plain dicts in `data` are replaced by documents that remember."""
    chunks = [b"{"]
    for n, (name, table) in enumerate(data.items()):
        chunks.append(f'{"," if n else ""}{_dump(name)}:{{'.encode())
        # The common case in one pass at C speed: every document unchanged.
        entries = [doc.entry if type(doc) is _Doc and doc.key == doc_id else None
                   for doc_id, doc in table.items()]
        if None in entries:
            for at, (doc_id, doc) in enumerate(table.items()):
                if entries[at] is None:
                    entries[at] = _remember(table, doc_id, doc)
        if entries:
            # Each entry, with a comma between two.
            parts = [b","] * (2 * len(entries) - 1)
            parts[0::2] = entries
            chunks += parts
        chunks.append(b"}")
    chunks.append(b"}")
    return chunks


def _remember(table: dict[str, Any], doc_id: str, doc: Any) -> bytes:
    if type(doc) is not _Doc:
        if not isinstance(doc, dict):
            return _entry(doc_id, doc)
        doc = table[doc_id] = _Doc(doc)
    doc.entry = _entry(doc_id, doc)
    doc.key = doc_id
    return doc.entry


def dumps_data(data: dict[str, Any]) -> str:
    """The whole file as compact JSON, equal to json.dumps (see `file_chunks`)."""
    return b"".join(file_chunks(data)).decode()


def _write_all(fd: int, chunks: list[bytes]) -> None:
    """Write every chunk, a thousand to a system call, finishing any partial write."""
    for start in range(0, len(chunks), 1024):
        batch = chunks[start:start + 1024]
        written = os.writev(fd, batch)
        wanted = sum(len(chunk) for chunk in batch)
        if written < wanted:
            rest = memoryview(b"".join(batch))[written:]
            while rest:
                rest = rest[os.write(fd, rest):]


def _signature(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_ino, stat.st_dev, stat.st_size, stat.st_mtime_ns)


def parse_file(path: Path) -> dict[str, Any]:
    """Read and parse `path`, or raise DataFileError saying what is wrong with it."""
    try:
        raw = path.read_bytes()
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
    except OSError as exc:
        raise DataFileError(path, f"cannot be read ({exc.strerror})") from exc
    if not raw.strip():
        raise DataFileError(path, "is empty, so it is not a followup data file")
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise DataFileError(path, "is not text (it is not UTF-8)") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(
            path, f"does not parse as JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise DataFileError(path, "is JSON but not a followup data file (wrong shape)")
    return data


class SafeJSONStorage(Storage):
    """Atomic, locked, cached JSON storage for TinyDB. See the module docstring."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True,
                 indent: int | None = None) -> None:
        self.path = Path(path)
        self.backup_path = backup_path(self.path)
        self.lock_path = lock_path(self.path)
        self._indent = indent
        self._cache: dict[str, Any] | None = None
        self._seen: tuple[int, int, int, int] | None = None
        self._thread_lock = threading.RLock()
        self._lock_depth = 0
        self._lock_fd: int | None = None
        # Bumped whenever the data changes, here or in another process.
        self.generation = 0
        if not self.path.exists():
            if not create:
                raise DataFileError(self.path, "does not exist",
                                    "Check the path, or leave out --db to use the default.")
            ensure_private_dir(self.path.parent)
            with self.transaction():
                if not self.path.exists():
                    self._write_file({})
        else:
            self.read()

    # --- locking -------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the exclusive lock: reads and writes inside see no other writer."""
        with self._thread_lock:
            if self._lock_depth == 0:
                fd = self._open_lock_file()
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
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

    def _open_lock_file(self) -> int:
        try:
            return os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError as exc:
            raise DataFileError(
                self.path, "cannot be locked: its folder is not writable",
                f"Make {self.path.parent} writable for you, or use --db to point elsewhere. "
                "Nothing was changed.",
            ) from exc
        except OSError as exc:
            raise DataFileError(self.path, f"cannot be locked ({exc.strerror})",
                                "Nothing was changed.") from exc

    # --- TinyDB Storage interface --------------------------------------------

    def changed_on_disk(self) -> bool:
        try:
            return _signature(os.stat(self.path)) != self._seen
        except FileNotFoundError:
            return True

    def read(self) -> dict[str, Any] | None:
        with self._thread_lock:
            try:
                stat = os.stat(self.path)
            except FileNotFoundError as exc:
                raise DataFileError(
                    self.path, "has disappeared",
                    "Restore it from the backup with `followup restore`, or start afresh.",
                ) from exc
            if self._cache is None or _signature(stat) != self._seen:
                self._cache = _track(parse_file(self.path))
                # The signature taken *before* reading: if another process replaced the
                # file in between, the next read sees a difference and parses again.
                # (A stat taken after would pair the new file's signature with the old
                # contents, and the next locked write would drop the other's change.)
                self._seen = _signature(stat)
                self.generation += 1
            return self._cache

    def write(self, data: dict[str, Any]) -> None:
        with self.transaction():
            try:
                self._write_file(data)
            except BaseException:
                # TinyDB changed the cached dict in place before calling us; the
                # write failed, so forget the cache and read the disk again.
                self._cache = None
                self._seen = None
                raise

    def close(self) -> None:
        pass

    def warm(self) -> None:
        """Work out each document's JSON text ahead of the first save (for a worker
        thread after start-up), so that save costs only the changed document."""
        with self._thread_lock:
            if self._cache is not None:
                file_chunks(self._cache)

    # --- the atomic write ----------------------------------------------------

    def _write_file(self, data: dict[str, Any]) -> None:
        try:
            if self._indent is None:
                chunks = file_chunks(data)
            else:
                chunks = [json.dumps(data, ensure_ascii=False, indent=self._indent).encode()]
        except UnicodeEncodeError as exc:
            # Lone surrogates (bytes that were not UTF-8, passed along as text):
            # refused before anything is written.
            raise DataFileError(self.path, "could not be saved: the change holds text that "
                                "is not valid Unicode", "This change was not saved.") from exc
        folder = self.path.parent
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
