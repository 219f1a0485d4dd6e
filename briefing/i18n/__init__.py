"""Localization: label catalogs, dates, numbering conventions and list joining, bound to one locale."""

from briefing.i18n.localizer import Localizer

__all__ = ["Localizer"]
