"""Pins ReportLab's settings before it is imported anywhere, so no environment variable or local settings file can loosen them."""

from __future__ import annotations

import os

# ReportLab reads RL_* environment variables and reportlab_settings.py files
# on first import; these are the values this project relies on.
_PINNED = {
    "trustedHosts": None,       # no remote fetches of images or fonts
    "trustedSchemes": ["file"],
    "invariant": 0,             # SOURCE_DATE_EPOCH pins dates where wanted
    "pdfComments": 0,
    "allowShortPatterns": 0,
    "shapeChecking": 1,
    "warnOnMissingFontGlyphs": 0,
}


def pin_reportlab_settings() -> None:
    for name in list(os.environ):
        if name.startswith("RL_"):
            del os.environ[name]
    from reportlab import rl_config

    for name, value in _PINNED.items():
        setattr(rl_config, name, value)
