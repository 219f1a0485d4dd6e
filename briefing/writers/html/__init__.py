"""The HTML writer: the document tree as one standalone, semantic HTML5 page with a print style sheet."""

from __future__ import annotations

from briefing import tree
from briefing.writers.html.page import page
from briefing.writers.html.writer import HtmlWriter

__all__ = ["write", "render", "HtmlWriter"]


def render(document: tree.Document, theme=None, **preview) -> str:
    """The page as text; `preview` (script, extra_css, toolbar) is for `briefing preview` alone."""
    body = HtmlWriter(document).write_blocks(document.blocks)
    return page(document, body, theme, **preview)


def write(document: tree.Document, path: str, theme=None) -> None:
    """Writes the page at `path` as UTF-8 with LF line ends: the same tree gives the same bytes."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(render(document, theme))
