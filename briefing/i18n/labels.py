"""Labels a writer needs while laying out pages, translated before they reach it."""

from __future__ import annotations

from briefing.i18n.localizer import Localizer


def page_labels(localizer: Localizer) -> dict[str, str]:
    """Every fixed string the writers print, in the localizer's language (placeholders use str.format)."""
    _ = localizer.gettext
    return {
        "page_of": _("Page {page} of {pages}"),
        "contents": _("Contents"),
        "draft": _("DRAFT"),
        # The running head: the book's short title and its date in the locale's date style.
        "running_head": _("{title}, {date}"),
        # The caption of a legend table where the template gives none (the web page names every table).
        "legend": _("Key to the markers"),
    }
