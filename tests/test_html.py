"""The HTML writer's page, read back with Python's HTML parser: elements, languages, policy, banners, figures."""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import zlib
from dataclasses import replace
from html.parser import HTMLParser

from briefing import tree
from briefing.book.bilingual import align
from briefing.writers import html

from test_writers import every_node as every_node_of_the_writers


def every_node() -> tree.Document:
    """The writers' document with every node, its table a legend of the register's markers."""
    document = every_node_of_the_writers()
    blocks = tuple(replace(b, role="legend") if isinstance(b, tree.Table) else b for b in document.blocks)
    return replace(document, blocks=blocks)


class Elements(HTMLParser):
    """Every start tag with its attributes, in order, and the text inside each element named in `collect`."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.style = ""
        self._in_style = False
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


def png(width: int, height: int) -> bytes:
    """A small grey PNG made here, so no image file is committed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def with_figure_and_table(tmp_path) -> tree.Document:
    image = tmp_path / "chart.png"
    image.write_bytes(png(4, 3))
    document = every_node()
    digest = hashlib.sha256(image.read_bytes()).hexdigest()
    extra = (tree.Figure(tree.Image(str(image), "png", 4, 3, digest), "Figure 1: trade <2009>", "Bars of trade"),
             tree.Table(("Year", "Trade"), (("2008", "30.0"),), align=("left", "r"), caption="Trade & <more>",
                        source="Source: customs"))
    return replace(document, blocks=document.blocks + extra)


def it_writes_every_node_as_semantic_html(tmp_path):
    page = html.render(with_figure_and_table(tmp_path))
    elements = Elements(page)
    tags = [name for name, _ in elements.tags]
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    for tag in ("main", "nav", "header", "footer", "h1", "h2", "ul", "ol", "table", "caption", "thead", "figure",
                "figcaption", "img"):
        assert tag in tags, tag
    assert elements.all("th")[0] == {"scope": "col"}
    assert {"scope": "row"} in elements.all("th")  # the legend's markers name their rows
    assert "<caption>Trade &amp; &lt;more&gt;</caption>" in page
    assert '<td class="align-right">30.0</td>' in page and '<p class="source">Source: customs</p>' in page
    (image,) = elements.all("img")
    assert image["alt"] == "Bars of trade" and (image["width"], image["height"]) == ("4", "3")
    assert base64.b64decode(image["src"].split(",", 1)[1]) == (tmp_path / "chart.png").read_bytes()
    assert "<figcaption>Figure 1: trade &lt;2009&gt;</figcaption>" in page
    # Labels are text in the list item, read by a screen reader as shown.
    assert '<li><span class="label">(a)</span><span class="text">nested</span>\n</li>' in page
    assert "Body &lt;i&gt;not italic&lt;/i&gt; &amp;amp;" in page


def it_explains_each_register_marker_in_words():
    page = html.render(every_node())
    assert '<ul class="register">\n<li class="entry">' in page
    assert ('<span class="marker"><span aria-hidden="true" title="ceremony">◎</span>'
            '<span class="visually-hidden">ceremony: </span></span>') in page
    assert '<span class="visually-hidden">(approval)</span>' in page


def it_allows_its_own_style_sheet_and_nothing_else():
    page = html.render(every_node())
    elements = Elements(page)
    (policy,) = [a["content"] for a in elements.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    digest = base64.b64encode(hashlib.sha256(elements.style.encode("utf-8")).digest()).decode()
    assert policy == (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; "
                      "form-action 'none'")
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "@font-face" not in elements.style and "url(" not in elements.style
    assert re.search(r"font-family: \"Liberation Serif\".*, serif;", elements.style)


def it_shows_the_marking_at_top_and_bottom_and_in_the_print_margins():
    page = html.render(every_node())
    assert '<header class="banner marking-top"><p class="marking"><span>MARK</span></p></header>' in page
    assert '<footer class="banner marking-bottom"><p class="marking"><span>MARK</span></p></footer>' in page
    assert '@top-center { content: "MARK"; font: 700 8pt sans-serif; color: #9c1c1c; }' in page
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; }' in page


def it_shows_no_banner_when_there_is_no_marking():
    document = every_node()
    page = html.render(replace(document, meta=replace(document.meta, marking="")))
    assert "banner" not in page.split("</style>")[1] and "@top-center" not in page


def it_keeps_a_hostile_marking_inside_its_css_string():
    document = every_node()
    marking = '</style><script>x()</script>"; } * { display: none } \\'
    page = html.render(replace(document, meta=replace(document.meta, marking=marking)))
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<" not in style.split("/*", 1)[0] and "</style" not in style
    assert '@top-center { content: "\\3c /style\\3e \\3c script\\3e x()\\3c /script\\3e \\22 ; } * { display: none } \\5c ";' \
        in style
    assert "<script" not in page


def it_sets_each_side_of_a_bilingual_row_in_its_language():
    document = every_node()
    ja = replace(document, meta=replace(document.meta, language="ja-JP", marking="秘"))
    page = html.render(align(ja, document))
    assert page.startswith('<!DOCTYPE html>\n<html lang="ja-JP">')
    assert page.count('<div class="pair">') + page.count('<li class="pair">') == len(align(ja, document).blocks)
    assert page.count('<div class="side" lang="en-GB">') == len(align(ja, document).blocks)
    assert '<p class="marking"><span>秘</span> / <span lang="en-GB">MARK</span></p>' in page
    # Two contents, one per language, each named by its own heading.
    assert '<nav class="contents" aria-labelledby="contents">' in page
    assert '<nav class="contents" aria-labelledby="contents-en-GB">' in page
    assert '<a href="#h1-en-GB">1. Heading &amp; co</a>' in page and 'id="h1-en-GB"' in page


def it_nests_the_contents_by_heading_level():
    document = every_node()
    blocks = (tree.Contents("Contents"), tree.Heading(1, "A"), tree.Heading(2, "A.1"), tree.Heading(3, "A.1.a"),
              tree.Heading(1, "B"), tree.Heading(3, "B.deep"))
    page = html.render(replace(document, blocks=blocks))
    contents = page.split('<nav class="contents"', 1)[1].split("</nav>", 1)[0]
    assert contents.rstrip().endswith(
        '<ol><li><a href="#h1">A</a><ol><li><a href="#h2">A.1</a><ol><li><a href="#h3">A.1.a</a></li></ol></li></ol>'
        '</li><li><a href="#h4">B</a><ol><li><a href="#h5">B.deep</a></li></ol></li></ol>')
    assert page.count("<section>") == page.count("</section>") == 5


def it_breaks_japanese_and_chinese_titles_between_phrases_and_escapes_each_phrase():
    hostile = "<script>alert(1)</script>ウラジーミル・プーチン首相&amp;会談"
    for language in ("ja", "zh-CN"):
        meta = replace(every_node().meta, language=language, languages=(language,), title=hostile)
        page = html.render(tree.Document(meta=meta, blocks=(tree.TitleBlock(hostile, "", ""), tree.Heading(1, hostile),
                                                            tree.Paragraph(hostile))))
        body = page.split("<main>", 1)[1]
        assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", body).group(1)
        assert heading.startswith('<span class="phrases">') and "<wbr>" in heading
        # Only the phrase markup added: the text reads as typed.
        assert re.sub(r"<span[^>]*>|</span>|<wbr>", "", heading) == \
            "&lt;script&gt;alert(1)&lt;/script&gt;ウラジーミル・プーチン首相&amp;amp;会談"
        paragraph = re.search(r"<p>(.*?)</p>", body).group(1)
        # A Japanese katakana word's first four characters held together; Chinese has none to hold.
        held = '<span class="name">ウラジー</span>ミル・<span class="name">プーチン</span>首相'
        assert (held in paragraph) == (language == "ja")
    # Other languages' titles break at their spaces, with no markup added.
    assert "<h1>Title &lt;b&gt;</h1>" in html.render(every_node())
