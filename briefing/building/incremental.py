"""Rebuild only what changed: a build request's stamp of every input, and whether the outputs it made are still current.

A target is a pure function of its inputs: the book folder's files, the tool's
own files (code, templates, catalogs, languages, themes), the theme, the fonts,
the options and SOURCE_DATE_EPOCH. The stamp hashes all of them without loading
the book (so no YAML, Jinja2, Babel or ReportLab is imported to find out), and
the manifest records it. A second identical request whose stamp, fonts and
outputs all still match writes nothing; anything else rebuilds every target of
the request, which replaces the manifest as a build always has.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

STAMP_FORMAT = 2  # 2: each folder hashed on its own, the tool's by way of the cache
_PACKAGE = Path(__file__).resolve().parent.parent
# Never hashed: bytecode the interpreter writes, and the hidden files staging or editors leave.
_SKIPPED_FOLDERS = {"__pycache__"}
_LARGEST_HASHED = 64 * 1024 * 1024  # past the largest figure or content file a build reads


def stamp(book: str | None, request: dict, theme: str | None, out_dir: Path) -> str | None:
    """The request's stamp, or None when an input cannot even be looked at (the build then says why)."""
    try:
        return _stamp(book, request, theme, out_dir)
    except OSError:
        return None


def _stamp(book: str | None, request: dict, theme: str | None, out_dir: Path) -> str:
    """The SHA-256 of everything a build of `book` with `request` (options as given on the command line) reads,
    fonts aside (recorded by path, size and time: hashing 16 MB of faces would cost more than it saves)."""
    digest = hashlib.sha256()
    outputs = os.path.realpath(out_dir)
    digest.update(json.dumps({"format": STAMP_FORMAT, "request": request,
                              "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
                              "languages": os.environ.get("BRIEFING_LANGUAGES", "")}, sort_keys=True).encode())
    if book is not None:  # None: what the writers read besides the book (briefing/building/reuse.py)
        digest.update(_folder_digest(Path(book), outputs).encode())
    digest.update(_tool_digest(outputs).encode())
    if theme:
        digest.update(b"\0theme\0" + _fingerprint(Path(theme)).encode())
    return digest.hexdigest()


def content_digest(book: str | os.PathLike) -> str | None:
    """The SHA-256 of everything loading `book` reads (its folder's files, the tool's code and languages), or None
    when a file cannot even be looked at: what briefing/content/remembered.py keeps a loaded book under."""
    try:
        digest = hashlib.sha256(os.environ.get("BRIEFING_LANGUAGES", "").encode())
        digest.update(_folder_digest(Path(book), "").encode())
        digest.update(_tool_digest("").encode())
        return digest.hexdigest()
    except OSError:
        return None


def _tool_digest(skip: str) -> str:
    """The digest of the tool's own folders: its code, templates and languages; made once per process.

    A build asks three times (its stamp, the remembered book's, the writers'
    inputs); one command's answers are the same, and a build server's
    children each make their own, since the tool may have changed since the
    server made its.
    """
    from briefing.paths import TEMPLATE_FOLDER

    roots = (_PACKAGE, Path(TEMPLATE_FOLDER), *_language_folders())
    if not any(skip.startswith(os.path.join(os.path.realpath(root), "")) for root in roots):
        skip = ""  # an output folder outside the tool's folders takes nothing out of them
    key = (os.getpid(), skip, roots)
    if key not in _tool_digests:
        _tool_digests[key] = "".join(_folder_digest(root, skip, tool=True) for root in roots)
    return _tool_digests[key]


_tool_digests: dict[tuple, str] = {}


def _folder_digest(root: Path, skip: str, tool: bool = False) -> str:
    """The digest of every file under `root` by name and content.

    The tool's own folders (its code, templates and languages: 150 files, 0.9 MB)
    change only when it is installed again or edited, so their digest is kept in
    the user's cache (briefing/cache.py) under their listing by name, size and
    time: reading them all for every build cost more than the rest of the stamp.
    """
    entry = None
    if tool:
        from briefing import cache

        entry = cache.key("folder", os.path.realpath(root), json.dumps(_listing(str(root), skip)))
        stored = cache.load("stamps", entry)
        if stored is not None and len(stored) == 64:
            return stored.decode("ascii", errors="replace")
    digest = hashlib.sha256()
    for path in _files(root, skip=skip):
        digest.update(f"\0{path.relative_to(root)}\0".encode())
        digest.update(_fingerprint(path).encode())
    if entry is not None:
        cache.store("stamps", entry, digest.hexdigest().encode())
    return digest.hexdigest()


def font_records(paths) -> list[list]:
    """Each font file the build used as [real path, size, modification time in ns]: a changed face changes these."""
    records = []
    for path in sorted({os.path.realpath(p) for p in paths}):
        status = os.stat(path)
        records.append([path, status.st_size, status.st_mtime_ns])
    return records


def current(manifest: Path, key: str, out_dir: Path, strict: bool) -> list[Path] | None:
    """The outputs of the last build when it was made from exactly these inputs and every output is as it wrote it;
    None when anything differs (then the request is built again)."""
    if key is None:
        return None
    try:
        recorded = json.loads(manifest.read_bytes())
        last = recorded["stamp"]
        if last.get("key") != key or font_records(path for path, _, _ in last["fonts"]) != last["fonts"]:
            return None
        outputs = recorded["outputs"]
        if strict and any(output.get("preflight") for output in outputs):
            return None  # --strict must refuse what layout left: build again to say it
        paths = []
        for output in outputs:
            path = out_dir / output["file"]
            if path.is_symlink() or not path.is_file() or sha256(path) != output["sha256"]:
                return None
            paths.append(path)
        return paths
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no manifest, an older one, or one edited by hand: build


def _language_folders() -> list[Path]:
    return [Path(p) for p in os.environ.get("BRIEFING_LANGUAGES", "").split(os.pathsep) if p]


def _files(root: Path, skip: str) -> list[Path]:
    """Every file or link under `root`, in a fixed order, skipping hidden names, bytecode and the output folder."""
    found = []
    for folder, folders, files in os.walk(root):  # os.walk follows no link to a folder
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name not in _SKIPPED_FOLDERS
                            and not (skip and os.path.realpath(os.path.join(folder, name)) == skip))
        found += [Path(folder) / name for name in sorted(files) if not name.startswith(".")]
    return found


def _listing(folder: str, skip: str, prefix: str = "") -> list[tuple[str, int, int]]:
    """Every name under `folder` that `_files` would hash (and any link to a folder besides), with its size and
    time, by one scandir per folder: about a tenth of the cost of os.walk with a Path per file."""
    found = []
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=lambda entry: entry.name)
    for entry in ordered:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in _SKIPPED_FOLDERS and not (skip and os.path.realpath(entry.path) == skip):
                found += _listing(entry.path, skip, prefix + entry.name + "/")
            continue
        status = entry.stat(follow_symlinks=False)
        found.append((prefix + entry.name, status.st_size, status.st_mtime_ns))
    return found


def _fingerprint(path: Path) -> str:
    """A file's SHA-256; a link by where it points (never followed: the build refuses one leading out of the book);
    a very large file, or anything but a regular file (a FIFO, a device), by its kind, size and time, unread."""
    if path.is_symlink():
        return "link:" + os.readlink(path)
    status = os.stat(path)
    if not path.is_file() or status.st_size > _LARGEST_HASHED:
        return f"unread:{status.st_mode}:{status.st_size}:{status.st_mtime_ns}"
    return sha256(path)


def sha256(path: str | Path) -> str:
    """A file's SHA-256, read in blocks (the manifest's digests too)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
