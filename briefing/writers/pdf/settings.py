"""Pins ReportLab's settings before ReportLab is first imported, so no environment variable, settings file or local module can change them."""

from __future__ import annotations

import os
import sys
import types

# The values this project relies on, whatever the machine says.
_PINNED = {
    "trustedHosts": None,       # no remote fetches of images or fonts
    "trustedSchemes": ["file"],
    "invariant": 0,             # SOURCE_DATE_EPOCH pins dates where wanted
    "pdfComments": 0,
    "allowShortPatterns": 0,
    "shapeChecking": 1,
    "warnOnMissingFontGlyphs": 0,
    "useA85": 0,                # binary compressed streams: a fifth smaller, and no pure-Python ASCII85 pass
}


def pin_reportlab_settings() -> None:
    """Stops ReportLab from running or reading anything of the user's on import, then fixes our settings.

    On import ReportLab runs `reportlab_mods` and `reportlab_settings` from
    anywhere on sys.path (the working folder included), else exec()s
    ~/.reportlab_mods and ~/.reportlab_settings, and reads RL_* variables:
    empty stand-in modules and a clean environment leave it its own defaults.
    """
    if "reportlab" not in sys.modules:
        for name in ("reportlab_mods", "reportlab_settings"):
            sys.modules.setdefault(name, types.ModuleType(name))
        for name in [name for name in os.environ if name.startswith("RL_")]:
            del os.environ[name]
    from reportlab import rl_config

    for name, value in _PINNED.items():
        setattr(rl_config, name, value)
