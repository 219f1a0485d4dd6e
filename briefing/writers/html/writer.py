"""The HTML writer's walk: one visit method per tree node, into the semantic HTML5 of the page's <main>."""

from __future__ import annotations

import base64
from html import escape

from briefing import tree
from briefing.writers.html import breaks
from briefing.writers.visitor import Visitor

# What an image's format is served as; anything else is refused rather than guessed.
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
               "svg": "image/svg+xml", "webp": "image/webp"}
# A column's alignment as the tree may spell it, to the class the style sheet knows.
ALIGNMENTS = {"left": "left", "l": "left", "start": "left", "right": "right", "r": "right", "end": "right",
              "center": "center", "centre": "center", "c": "center"}


def text(value: str) -> str:
    """Text as HTML: every content string goes through here (or `attribute`), so none can open an element."""
    return escape(value, quote=False)


def paragraphs(value: str) -> str:
    """A text of several paragraphs (a blank line in the content) within one element: its paragraphs on lines of their own."""
    return "<br>".join(text(part) for part in tree.paragraphs(value))


def heading_text(value: str, language: str) -> str:
    """A title or heading as HTML: in Japanese and Chinese, its phrases (breaks.py) escaped one by one in a
    span the style sheet keeps whole between the <wbr>s, so a narrow screen never breaks inside a name."""
    pieces = breaks.phrases(value, language)
    if pieces is None:
        return text(value)
    return '<span class="phrases">' + "<wbr>".join(text(piece) for piece in pieces) + "</span>"


def running_text(value: str, language: str) -> str:
    """Running text as HTML: in Japanese, each katakana word's first characters (breaks.py) in a span the
    style sheet keeps on one line."""
    out, last = [], 0
    for start, end in breaks.name_heads(value, language):
        out += [text(value[last:start]), '<span class="name">', text(value[start:end]), "</span>"]
        last = end
    out.append(text(value[last:]))
    return "".join(out)


def attribute(value: str) -> str:
    """Text for a double-quoted attribute value."""
    return escape(value, quote=False).replace('"', "&quot;")


class HtmlWriter(Visitor):
    """Collects the page's body as HTML pieces; the page shell (head, banners, styles) is `page.py`'s."""

    def __init__(self, document: tree.Document):
        self.meta = document.meta
        self.out: list[str] = []
        self.language = self.meta.language  # the language being written now; a bilingual side switches it
        self.sections: list[int] = []  # levels of the <section>s open
        self.register_open = False  # inside the <ul> that holds consecutive register entries
        self.headings: dict[str, list[tuple[int, str, str]]] = {}  # language -> (level, display, id), in order
        self.next_heading: dict[str, int] = {}
        self.meanings = _marker_meanings(document)
        self._collect_headings(document)

    # -- the walk ----------------------------------------------------------------

    def write_blocks(self, blocks) -> str:
        for block in blocks:
            inner = block.left if isinstance(block, tree.Aligned) else block
            if not isinstance(inner, tree.Entry):
                self._close_register()
            if isinstance(inner, tree.Heading):
                self._open_section(inner.level)
            if isinstance(inner, tree.Entry) and not self.register_open:
                self.out.append('<ul class="register">')
                self.register_open = True
            self.visit(block)
        self._close_register()
        while self.sections:
            self.sections.pop()
            self.out.append("</section>")
        return "\n".join(self.out)

    def _open_section(self, level: int) -> None:
        while self.sections and self.sections[-1] >= level:
            self.sections.pop()
            self.out.append("</section>")
        self.sections.append(level)
        self.out.append("<section>")

    def _close_register(self) -> None:
        if self.register_open:
            self.out.append("</ul>")
            self.register_open = False

    # -- nodes -------------------------------------------------------------------

    def visit_title_block(self, node: tree.TitleBlock) -> None:
        self.out.append('<header class="title-block">')
        self.out.append(f"<h1>{heading_text(node.title, self.language)}</h1>")
        if node.subtitle:
            self.out.append(f'<p class="subtitle">{heading_text(node.subtitle, self.language)}</p>')
        if node.date:
            self.out.append(f'<p class="date">{text(node.date)}</p>')
        self.out.append("</header>")

    def visit_contents(self, node: tree.Contents) -> None:
        """A <nav> linking to every heading of this language, nested by level."""
        title_id = self._language_id("contents")
        self.out.append(f'<nav class="contents" aria-labelledby="{title_id}">')
        self.out.append(f'<h2 id="{title_id}">{heading_text(node.title, self.language)}</h2>')
        entries = [(level, f'<a href="#{anchor}">{heading_text(display, self.language)}</a>')
                   for level, display, anchor in self.headings.get(self.language, [])]
        self.out.append(_nested_list(entries))
        self.out.append("</nav>")

    def visit_heading(self, node: tree.Heading) -> None:
        level = min(node.level + 1, 6)  # the book's title is the page's <h1>
        anchor = self._heading_id()
        label = f'<span class="label">{text(node.label)}</span>{text(node.gap)}' if node.label else ""
        self.out.append(f'<h{level} id="{anchor}">{label}{heading_text(node.text, self.language)}</h{level}>')

    def visit_paragraph(self, node: tree.Paragraph) -> None:
        role = f' class="{attribute(node.role)}"' if node.role != "body" else ""
        # A blank line in the content is a new paragraph here as in the PDF and the Word draft.
        self.out.extend(f"<p{role}>{running_text(part, self.language)}</p>" for part in tree.paragraphs(node.text))

    def visit_list(self, node: tree.List) -> None:
        """A real list whose labels (1. / （１） / ア) are text, so screen readers read what eyes see."""
        tag = "ol" if node.ordered else "ul"
        start = f' start="{node.start}"' if node.ordered and node.start != 1 else ""
        level = f" level-{node.level}" if node.level > 1 else ""
        self.out.append(f'<{tag} class="list depth-{node.depth}{level}"{start}>')
        for item in node.items:
            hidden = "" if node.ordered else ' aria-hidden="true"'  # a bullet says nothing a list does not
            first, *more = tree.paragraphs(item.text)
            self.out.append(f'<li><span class="label"{hidden}>{text(item.label)}</span>'
                            f'<span class="text">{running_text(first, self.language)}</span>')
            self.out.extend(f'<p class="continued">{running_text(part, self.language)}</p>' for part in more)
            for block in item.blocks:
                self.visit(block)
            self.out.append("</li>")
        self.out.append(f"</{tag}>")

    def visit_table(self, node: tree.Table) -> None:
        caption = node.caption or (self.meta_for(self.language).labels.get("legend", "") if node.role == "legend" else "")
        self.out.append(f'<div class="table-scroll" tabindex="0"><table class="{attribute(node.role)}">')
        if caption:
            self.out.append(f"<caption>{text(caption)}</caption>")
        aligns = [ALIGNMENTS.get(str(a).lower(), "left") for a in node.align] + ["left"] * len(node.header)
        self.out.append("<thead><tr>" + "".join(
            f'<th scope="col"{_align(aligns[i])}>{text(cell)}</th>' for i, cell in enumerate(node.header))
            + "</tr></thead>")
        self.out.append("<tbody>")
        for row in node.rows:
            cells = []
            for index, cell in enumerate(row):
                # A legend's first column (the marker) names its row.
                if index == 0 and node.role == "legend":
                    cells.append(f'<th scope="row"{_align(aligns[index])}>{text(cell)}</th>')
                else:
                    cells.append(f"<td{_align(aligns[index])}>{paragraphs(cell)}</td>")
            self.out.append("<tr>" + "".join(cells) + "</tr>")
        self.out.append("</tbody></table></div>")
        if node.source:
            self.out.extend(f'<p class="source">{text(part)}</p>' for part in tree.paragraphs(node.source))

    def visit_figure(self, node: tree.Figure) -> None:
        self.out.append("<figure>")
        self.visit_image(node.image, node.alt)
        if node.caption:
            self.out.append(f"<figcaption>{paragraphs(node.caption)}</figcaption>")
        self.out.append("</figure>")

    def visit_image(self, node: tree.Image, alt: str = "") -> None:
        """The image inlined as a data: URL: the page stays one file that asks no server for anything."""
        media_type = MEDIA_TYPES.get(node.format.lower())
        if media_type is None:
            raise ValueError(f"{node.path}: no web format for image format {node.format!r}")
        from briefing.images import data_of  # the bytes that were checked, never the path opened again

        data = base64.b64encode(data_of(node)).decode("ascii")
        size = "".join(f' {name}="{int(value)}"' for name, value in (("width", node.width), ("height", node.height))
                       if value)
        self.out.append(f'<img src="data:{media_type};base64,{data}" alt="{attribute(alt)}"{size}>')

    def visit_entry(self, node: tree.Entry) -> None:
        """One register entry: its markers are explained in words to a screen reader, by the legend to eyes."""
        standalone = not self.register_open
        if standalone:  # an entry on one side of a bilingual row: that row is the list item
            self.out.append('<div class="entry">')
        else:
            self.out.append('<li class="entry">')
        title = f'{self._marker(node.marker, "marker")}<span class="title">{running_text(node.title, self.language)}</span>'
        if node.flag:
            title += " " + self._marker(node.flag, "flag")
        self.out.append(f'<p class="entry-title">{title}</p>')
        for detail in node.details:
            self.out.extend(f'<p class="detail">{running_text(part, self.language)}</p>' for part in tree.paragraphs(detail))
        self.out.append("</div>" if standalone else "</li>")

    def visit_aligned(self, node: tree.Aligned) -> None:
        """A bilingual row: two columns starting on the same line, each in its language (stacked on a phone)."""
        in_register = self.register_open
        self.out.append('<li class="pair">' if in_register else '<div class="pair">')
        self.register_open = False  # each side's entry is a part of this list item
        for block, meta in ((node.left, self.meta), (node.right, self.meta.secondary)):
            self.language = meta.language
            self.out.append(f'<div class="side" lang="{attribute(meta.language)}">')
            self.visit(block)
            self.out.append("</div>")
        self.language = self.meta.language
        self.register_open = in_register
        self.out.append("</li>" if in_register else "</div>")

    # -- helpers ----------------------------------------------------------------

    def meta_for(self, language: str) -> tree.Meta:
        secondary = self.meta.secondary
        return secondary if secondary is not None and language == secondary.language else self.meta

    def _marker(self, marker: str, kind: str) -> str:
        """The marker for eyes (its meaning on hover); its meaning in words for a screen reader, in its place."""
        meaning = self.meanings.get((self.language, marker), "")
        if not meaning:
            return f'<span class="{kind}">{text(marker)}</span>'
        # Before the title, the marker says what kind of document follows; after it, the flag adds a condition.
        spoken = f"{meaning}: " if kind == "marker" else f"({meaning})"
        return (f'<span class="{kind}"><span aria-hidden="true" title="{attribute(meaning)}">{text(marker)}</span>'
                f'<span class="visually-hidden">{text(spoken)}</span></span>')

    def _language_id(self, name: str) -> str:
        """An id unique on the page: the primary language's plain, the secondary's suffixed with its tag."""
        return name if self.language == self.meta.language else f"{name}-{self.language}"

    def _heading_id(self) -> str:
        number = self.next_heading.get(self.language, 0) + 1
        self.next_heading[self.language] = number
        return self._language_id(f"h{number}")

    def _collect_headings(self, document: tree.Document) -> None:
        """Every heading of each language in page order, with the id its visit will give it (for the contents)."""
        counters: dict[str, int] = {}
        for block in document.blocks:
            sides = ((block.left, self.meta.language), (block.right, self.meta.secondary.language)) \
                if isinstance(block, tree.Aligned) else ((block, self.meta.language),)
            for side, language in sides:
                for heading in _headings_in(side):
                    counters[language] = counters.get(language, 0) + 1
                    anchor = f"h{counters[language]}" if language == self.meta.language \
                        else f"h{counters[language]}-{language}"
                    self.headings.setdefault(language, []).append((heading.level, heading.display(), anchor))


def _nested_list(entries: list[tuple[int, str]]) -> str:
    """Items at levels 1, 2, 3 … as nested <ol>s (a level more than one deeper than the last counts as one deeper)."""
    if not entries:
        return ""
    out, depth = ["<ol>"], 1
    for index, (level, item) in enumerate(entries):
        level = max(1, min(level, depth + 1)) if index else 1
        if index and level > depth:
            out.append("<ol>")  # inside the previous item, still open
            depth = level
        elif index:
            out.append("</li>")
            while depth > level:
                out.append("</ol></li>")
                depth -= 1
        out.append(f"<li>{item}")
    out.append("</li>")
    while depth > 1:
        out.append("</ol></li>")
        depth -= 1
    out.append("</ol>")
    return "".join(out)


def _headings_in(block):
    if isinstance(block, tree.Heading):
        yield block
    elif isinstance(block, tree.List):
        for item in block.items:
            for child in item.blocks:
                yield from _headings_in(child)


def _align(alignment: str) -> str:
    return "" if alignment == "left" else f' class="align-{alignment}"'


def _marker_meanings(document: tree.Document) -> dict[tuple[str, str], str]:
    """(language, marker) -> meaning, read from the legend tables of each language in the document."""
    meanings = {}
    meta = document.meta
    for block in document.blocks:
        sides = ((block.left, meta.language), (block.right, meta.secondary.language)) \
            if isinstance(block, tree.Aligned) else ((block, meta.language),)
        for side, language in sides:
            if isinstance(side, tree.Table) and side.role == "legend":
                for row in side.rows:
                    if len(row) >= 2:
                        meanings[(language, row[0])] = row[1]
    return meanings
