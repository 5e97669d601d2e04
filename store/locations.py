"""Where followup keeps its files, in one place.

The data file is found from `--db`, then `FOLLOWUP_DB`, then the platform's
user data folder. Folders are created private (0700): the file holds the
user's references' names and phone numbers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "followup"
DATA_FILE_NAME = "followup.json"
ENV_DB = "FOLLOWUP_DB"
ENV_CONFIG = "FOLLOWUP_CONFIG_DIR"


def data_path(cli_path: str | os.PathLike[str] | None = None,
              environ: Mapping[str, str] | None = None) -> Path:
    """The data file: `--db`, then `$FOLLOWUP_DB`, then the user data folder."""
    environ = os.environ if environ is None else environ
    if cli_path:
        return Path(cli_path).expanduser()
    if environ.get(ENV_DB):
        return Path(environ[ENV_DB]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / DATA_FILE_NAME


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder for the user's own message templates."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_CONFIG):
        return Path(environ[ENV_CONFIG]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def index_path(path: Path) -> Path:
    """The summary index beside the data file (see `store.storage`): a cache of what
    lists need, written with every save and trusted only while it matches the file."""
    return path.with_name(path.name + ".index")


def resolve_link(path: Path) -> Path:
    """`path`, or the file its chain of symbolic links ends at (which may not exist yet).

    The data file is written by renaming a new file over it: done on a link,
    that would replace the link with a plain file and leave the real file (in a
    synced folder, say) behind. Only the last part is followed; a linked
    folder on the way is harmless.
    """
    for _ in range(40):
        if not path.is_symlink():
            return path
        path = path.parent / os.readlink(path)
    raise OSError(f"{path}: too many levels of symbolic links")


def ensure_private_dir(folder: Path) -> Path:
    """Create `folder` (and parents) if needed; a folder we create is 0700.

    A folder of followup's own (named `followup`, as the default one is) that
    someone else can read (made 0755 by an older version, a backup tool, a
    hand-made `mkdir`) is tightened to 0700; any other folder (the user chose
    it with --db) keeps its mode: the files in it are 0600 anyway.
    """
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkdir's mode is masked by the umask; say it again plainly.
        os.chmod(folder, 0o700)
    elif folder.name == APP_NAME:
        tighten(folder)
    return folder


def display_path(path: Path) -> str:
    """`~/.config/...` rather than the full home folder, as a user would type it."""
    try:
        return f"~/{path.relative_to(Path.home()).as_posix()}"
    except (ValueError, RuntimeError):
        return str(path)


def tighten(folder: Path) -> None:
    """Make a folder of followup's own 0700 if others can get into it (and it is ours)."""
    try:
        info = folder.stat()
        if info.st_mode & 0o077 and info.st_uid == os.getuid():
            os.chmod(folder, info.st_mode & 0o700 | 0o700)
    except OSError:
        pass  # not ours to change: the files in it are still 0600
