"""Where Relaton records come from: a file, a folder (recursively) or a zip, read within
limits that no real catalogue reaches, so that a hostile one costs bounded work."""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path, PurePosixPath
from typing import Iterator

from .problems import FileRefused

MAX_FILE = 2 * 2**20  # the largest record seen is under 100 KiB
MAX_FILES = 200_000  # relaton-data-iso, the largest catalogue, holds about 70,000
MAX_TOTAL = 2 * 2**30  # what a zip may unpack to, all members together
MAX_RATIO = 200  # a member that unpacks to more than this many times its size is a bomb
SUFFIXES = (".yaml", ".yml")
# (name, content: its bytes, a file still to read, or what is wrong; the file's time)
Source = tuple[str, "bytes | str | Path", "str | None"]


def single(path: Path) -> Iterator[Source]:
    yield path.name, path, _file_date(path)


def folder(root: Path) -> Iterator[Source]:
    count, committed = 0, commit_time(root)
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))  # no .git
        for name in sorted(names):
            if not name.lower().endswith(SUFFIXES):
                continue
            count += 1
            if count > MAX_FILES:
                raise FileRefused([f"{root.name}: holds more than {MAX_FILES} records"])
            path = Path(folder) / name
            yield path.relative_to(root).as_posix(), path, committed or _file_date(path)


def commit_time(root: Path) -> str | None:
    """The time of a git clone's last commit: when the catalogue knew what it says (its
    files' own times are those of the checkout). None for a folder that is no clone."""
    if not (root / ".git").exists() or shutil.which("git") is None:
        return None
    try:
        answer = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cI"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return answer.stdout.strip() or None if answer.returncode == 0 else None


def _file_date(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.lstat().st_mtime, dt.timezone.utc).isoformat()


def contents(content: bytes | str | Path) -> bytes | str:
    """A source's bytes, reading a file where it is one (in the worker that parses it)."""
    return read_file(content) if isinstance(content, Path) else content


def read_file(path: Path) -> bytes | str:
    if path.is_symlink():
        return "is a link; only plain files are read"
    if path.stat().st_size > MAX_FILE:
        return f"is larger than {MAX_FILE // 2**20} MiB, which no record is"
    return path.read_bytes()


def archive(name: str, source: Path | io.BytesIO, *, max_total: int = MAX_TOTAL) -> Iterator[Source]:
    """The records of a zip, refused whole when its names leave its folder or it unpacks,
    by its headers or in fact, to more than `max_total` bytes."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise FileRefused([f"{name}: is not a readable zip ({error})"]) from None
    with archive:
        members = [m for m in archive.infolist()
                   if not m.is_dir() and m.filename.lower().endswith(SUFFIXES)]
        _check_members(name, members, max_total)
        unpacked = 0
        for member in members:
            content = _read_member(archive, member)
            unpacked += len(content) if isinstance(content, bytes) else 0
            if unpacked > max_total:
                raise FileRefused([f"{name}: unpacks to more than {max_total // 2**20} MiB"])
            yield member.filename, content, _member_time(member)


def _member_time(member: zipfile.ZipInfo) -> str | None:
    try:
        return dt.datetime(*member.date_time, tzinfo=dt.timezone.utc).isoformat()
    except ValueError:  # a zip may say month 0: no date, then
        return None


def _check_members(name: str, members: list[zipfile.ZipInfo], max_total: int) -> None:
    """Refuse a zip whose names leave its folder or whose sizes say it is a bomb, before
    anything is unpacked."""
    problems = []
    for member in members:
        parts = PurePosixPath(member.filename.replace("\\", "/")).parts
        if member.filename.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            problems.append(f"{name}: {member.filename}: a path outside the zip's folder")
    if len(members) > MAX_FILES:
        problems.append(f"{name}: holds more than {MAX_FILES} records")
    if sum(m.file_size for m in members) > max_total:
        problems.append(f"{name}: would unpack to more than {max_total // 2**20} MiB")
    if problems:
        raise FileRefused(problems[:50])


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes | str:
    if member.file_size > MAX_FILE:
        return f"is larger than {MAX_FILE // 2**20} MiB, which no record is"
    if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
        return "unpacks to hundreds of times its packed size (a zip bomb); refused"
    try:
        with archive.open(member) as stream:
            data = stream.read(MAX_FILE + 1)  # the header's size may lie
    except (zipfile.BadZipFile, OSError, NotImplementedError) as error:
        return f"cannot be unpacked ({error})"
    if len(data) > MAX_FILE:
        return f"unpacks to more than {MAX_FILE // 2**20} MiB, which no record is"
    return data
