"""What the build server loaded, by size and time, so it stops rather than run a command on code, languages or fonts that have changed since."""

from __future__ import annotations

import os
import sys

from briefing.building.incremental import _listing

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def snapshot() -> tuple:
    """Every imported module's file, every file of the tool's folder (code, templates, languages, themes), and
    every installed font file and folder holding one with the folders above it, each with its size and time."""
    return (_stats(_module_files()), _listing(_PACKAGE, skip=""), _stats(_font_folders() + _font_files()))


def _module_files() -> list[str]:
    files = {getattr(module, "__file__", None) for module in list(sys.modules.values())}
    return sorted(f for f in files if isinstance(f, str))


def _font_folders() -> list[str]:
    """The folders of the fonts fontconfig lists, up to the root, and fontconfig's own configuration: a font
    installed or removed changes the time of the folder it is in."""
    from briefing import fonts

    home = os.path.expanduser("~")
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share")
    folders = {"/etc/fonts", "/etc/fonts/conf.d", os.path.join(home, ".fonts"), os.path.join(data, "fonts")}
    for face in fonts.installed_files():
        folder = os.path.dirname(face)
        while folder not in folders and folder != os.path.dirname(folder):
            folders.add(folder)
            folder = os.path.dirname(folder)
    return sorted(folders)


def _font_files() -> list[str]:
    """The font files themselves: the server's faces are mapped, not copied (briefing/writers/pdf/truetype.py),
    so a file rewritten in place would change under them; one replaced, as a package upgrade does, changes its
    folder too."""
    from briefing import fonts

    return fonts.installed_files()


def _stats(paths: list[str]) -> tuple:
    return tuple((path, *_stat(path)) for path in paths)


def _stat(path: str) -> tuple[int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (-1, -1)
    return (status.st_size, status.st_mtime_ns)


def changed(taken: tuple) -> bool:
    """Whether anything in a snapshot differs now (the files are stat-ed again; the imported modules are those
    recorded, so a command's own imports do not count)."""
    modules, listing, folders = taken
    return (_stats([entry[0] for entry in modules]) != modules or _listing(_PACKAGE, skip="") != listing
            or _stats([entry[0] for entry in folders]) != folders)
