"""The page around the body: head, Content-Security-Policy, style sheet with local font stacks, marking banners."""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources

from briefing import __version__, tree
from briefing.safety.output import build_time
from briefing.writers.html.writer import attribute, text

# After the theme's own face, the faces Debian's font packages install, then the generic family:
# the page asks no server for a font.
SERIF = ("Liberation Serif", "DejaVu Serif", "Noto Serif")
SANS = ("Liberation Sans", "DejaVu Sans", "Noto Sans")
CJK_SERIF = ("IPAexMincho", "IPAMincho", "Noto Serif CJK JP", "Noto Serif JP")
CJK_SANS = ("IPAexGothic", "IPAGothic", "Noto Sans CJK JP", "Noto Sans JP")
DEFAULT_COLOURS = {"text": "#1a1a1a", "heading": "#1f3864", "rule": "#8c8c8c", "table_header": "#dde3ee",
                   "marking": "#9c1c1c"}


def css_string(value: str) -> str:
    """A CSS string literal of any text: quotes, backslashes, angle brackets and controls escaped as code points.

    The marking and font names come from the user; escaped so, none can end
    the string, the rule or the <style> element.
    """
    out = []
    for char in value:
        if char in "\"'\\<>&" or ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 or char in "\u2028\u2029":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def font_stack(families) -> str:
    return ", ".join(css_string(family) for family in dict.fromkeys(families))


def _stylesheet(document: tree.Document, theme) -> str:
    """The fixed style sheet, then what this document adds: colours, each language's fonts, the running marking."""
    static = resources.files("briefing.writers.html").joinpath("style.css").read_text(encoding="utf-8")
    colours = dict(DEFAULT_COLOURS)
    for name, value in (getattr(theme, "colours", None) or {}).items():
        if name in colours and isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value):
            colours[name] = value
    rules = [":root {" + "".join(f" --{name.replace('_', '-')}: {value};" for name, value in colours.items()) + " }"]
    metas = [document.meta] + ([document.meta.secondary] if document.meta.secondary else [])
    for meta in metas:
        language = meta.language.split("-")[0]
        fonts = (getattr(theme, "fonts", None) or {}).get(language, {})
        body = fonts.get("body", "").split(":")[0] if isinstance(fonts.get("body"), str) else ""
        heading = fonts.get("heading", "").split(":")[0] if isinstance(fonts.get("heading"), str) else ""
        serif, sans = (CJK_SERIF, CJK_SANS) if language == "ja" else (SERIF, SANS)
        selector = f":lang({language})"
        rules.append(f"{selector} {{ font-family: {font_stack([body, *serif, 'DejaVu Serif'] if body else [*serif])}, serif; }}")
        rules.append(f":is(h1, h2, h3, h4, h5, h6, caption, th, .marking, .entry-title .title){selector} "
                     f"{{ font-family: {font_stack([heading, *sans] if heading else [*sans])}, sans-serif; }}")
    rules.append(_print_rules(document, colours["marking"]))
    return static + "\n" + "\n".join(rules) + "\n"


def _print_rules(document: tree.Document, colour: str) -> str:
    """A4, the marking at the head and foot of every page, and "Page 1 of 9" in the document's language."""
    meta = document.meta
    marking = _joined_marking(meta)
    page_of = re.split(r"(\{page\}|\{pages\})", meta.labels.get("page_of", "{page} / {pages}"))
    counter = " ".join("counter(page)" if piece == "{page}" else "counter(pages)" if piece == "{pages}"
                       else css_string(piece) for piece in page_of if piece)
    # Margin boxes do not see the page's custom properties: the marking's colour is written out.
    look = f"font: 700 8pt sans-serif; color: {colour};"
    running = (f" @top-center {{ content: {css_string(marking)}; {look} }}"
               f" @bottom-left {{ content: {css_string(marking)}; {look} }}") if marking else ""
    return (f"@page {{ size: A4; margin: 20mm 18mm 20mm;{running}"
            f" @bottom-right {{ content: {counter}; font: 8pt sans-serif; }} }}")


def _joined_marking(meta: tree.Meta) -> str:
    second = meta.secondary
    if second is None or not second.marking or second.marking == meta.marking:
        return meta.marking
    return f"{meta.marking} / {second.marking}" if meta.marking else second.marking


def _banner(meta: tree.Meta, tag: str) -> str:
    """The marking as a banner at the top (or foot) of the page; nothing when there is no marking."""
    if not _joined_marking(meta):
        return ""
    parts = []
    if meta.marking:
        parts.append(f"<span>{text(meta.marking)}</span>")
    second = meta.secondary
    if second is not None and second.marking and second.marking != meta.marking:
        parts.append(f'<span lang="{attribute(second.language)}">{text(second.marking)}</span>')
    label = "marking-top" if tag == "header" else "marking-bottom"
    return f'<{tag} class="banner {label}"><p class="marking">{" / ".join(parts)}</p></{tag}>'


def csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def page(document: tree.Document, body: str, theme=None, *, script: str = "", extra_css: str = "",
         toolbar: str = "") -> str:
    """The whole page. Only the preview passes a script (and a toolbar); a written page runs none.

    The Content-Security-Policy allows exactly this page's style sheet (by
    hash), images inlined as data: URLs, and no script, font, frame or
    connection: text that slipped past escaping still could not run or load.
    """
    meta = document.meta
    css = _stylesheet(document, theme) + extra_css
    policy = ["default-src 'none'", f"style-src {csp_hash(css)}", "img-src data:", "base-uri 'none'",
              "form-action 'none'"]
    if script:
        policy += [f"script-src {csp_hash(script)}", "connect-src 'self'"]
    metas = [meta] + ([meta.secondary] if meta.secondary is not None else [])
    draft = " / ".join(dict.fromkeys(m.labels.get("draft", "DRAFT") for m in metas)) if meta.draft else ""
    classes = " ".join(name for name, wanted in (("draft", draft), ("bilingual", len(metas) > 1)) if wanted)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{attribute(meta.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{attribute("; ".join(policy))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{text(meta.title)}</title>",
        f'<meta name="description" content="{attribute(meta.subject)}">',
    ]
    if meta.author:
        head.append(f'<meta name="author" content="{attribute(meta.author)}">')
    if meta.keywords:
        head.append(f'<meta name="keywords" content="{attribute(", ".join(meta.keywords))}">')
    head += [
        f'<meta name="generator" content="briefing {attribute(__version__)}">',
        f'<meta name="dcterms.modified" content="{build_time().strftime("%Y-%m-%dT%H:%M:%SZ")}">',
        f"<style>{css}</style>",
        "</head>",
        f'<body class="{classes}">' if classes else "<body>",
    ]
    parts = head + ([toolbar] if toolbar else []) + [_banner(meta, "header")]
    if draft:
        parts.append(f'<div class="watermark" aria-hidden="true">{text(draft)}</div>')
    parts += ["<main>", body, "</main>", _banner(meta, "footer")]
    if script:
        parts.append(f"<script>{script}</script>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(part for part in parts if part != "") + "\n"
