"""Localization: label catalogs, dates, numbering conventions and list joining, bound to one locale.

The Localizer (and with it Babel) lives in briefing.i18n.localizer, imported
where it is needed, so that validating a book never loads Babel.
"""
