"""ReportLab's paragraph, whose markup is parsed once per process for each text and the style values the parser reads."""

from __future__ import annotations

from reportlab.platypus import paragraph as rl

# What ReportLab's ParaParser (and the text transform after it) reads of a paragraph style: the
# fragments it makes depend on the text and these alone.
STYLE_READ = ("fontName", "fontSize", "textColor", "bulletFontName", "bulletFontSize", "bulletColor",
              "underlineWidth", "underlineColor", "underlineOffset", "underlineGap",
              "strikeWidth", "strikeColor", "strikeOffset", "strikeGap", "linkUnderline", "textTransform")
KEPT = 8192  # parsed texts kept; a bound keeps a long run of many books small

_parsed: dict[tuple, tuple] = {}


class Paragraph(rl.Paragraph):
    """A paragraph that takes copies of the fragments an earlier paragraph of the same text and style values parsed.

    The PDFs of one build set the same texts again and again: a language
    alone and in each of its pairs, the contents and the headings, a book's
    repeated blocks (the sample book: 1,900 of 2,600 parses). ReportLab
    parses the markup with Python's HTML parser every time. The fragments it
    makes are read afterwards, never changed (line breaking and splitting
    copy them), so each paragraph gets copies of the first one's.
    """

    def _setup(self, text, style, bulletText, frags, cleaner):  # ReportLab's name
        key = _key(self, text, style, bulletText, frags, cleaner)
        kept = _parsed.get(key) if key is not None else None
        if kept is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            if key is not None and self.style is style:  # a <para> tag's attributes make a style: not kept
                if len(_parsed) >= KEPT:
                    _parsed.clear()
                _parsed[key] = (self.text, _copies(self.frags), _copies(self.bulletText))
            return
        # What ReportLab's _setup sets, from the kept parse.
        parsed_text, parsed_frags, parsed_bullet = kept
        self.text = parsed_text
        self.frags = _copies(parsed_frags)
        self.style = style
        self.bulletText = _copies(parsed_bullet)
        self.debug = 0


def _key(paragraph, text, style, bullet_text, frags, cleaner) -> tuple | None:
    """What the parse depends on, or None for a paragraph made from fragments or with a bullet of its own."""
    if frags is not None or bullet_text is not None or not isinstance(text, str):
        return None
    values = tuple((name, type(value), value) for name in STYLE_READ for value in (getattr(style, name, None),))
    key = (text, paragraph.caseSensitive, cleaner, values)
    try:
        hash(key)
    except TypeError:  # a style value that is no value (unhashable): parsed every time
        return None
    return key


def _copies(fragments):
    """Copies of parsed fragments (a bullet may be plain text, kept as it is)."""
    return [fragment.clone() for fragment in fragments] if isinstance(fragments, list) else fragments
