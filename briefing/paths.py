"""Where the files the tool reads are: templates, label catalogs, the ICC profile (knowing them loads no library)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# Installed, the templates are package data (briefing/templates); in a
# checkout they stand at the repository root, where the layout shows them.
TEMPLATE_FOLDER = next(
    (folder for folder in (_PACKAGE / "templates", _PACKAGE.parent / "templates") if folder.is_dir()),
    _PACKAGE.parent / "templates",
)
CATALOG_FOLDER = _PACKAGE / "locale"
DEFAULT_THEME = _PACKAGE / "themes" / "default.toml"
# Debian's icc-profiles-free (installed by scripts/setup.sh): the sRGB profile of a PDF/A's output intent.
SRGB_PROFILE = "/usr/share/color/icc/sRGB.icc"
