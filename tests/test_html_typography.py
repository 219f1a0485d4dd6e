"""The web page's line breaking in Chromium: no word broken in a table cell on a phone, Korean kept whole by word,
CJK notes upright, Chinese paragraphs indented, titles broken between phrases, katakana names not a few characters in."""

from __future__ import annotations

from bench.pages import web
from test_browser import close, open_page

# For every cell, each run of characters between spaces: on how many lines its glyphs fall. One word on
# two lines is a word broken inside (Mongoli/a, モンゴル/国). Text without spaces (Japanese) counts as one run
# only up to 6 characters: a name such as モンゴル国, not a sentence.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S+/g; let m;
      while ((m = re.exec(node.data))) {
        if (m[0].length > 12 && !/[\\p{Script=Latin}\\p{Script=Cyrillic}\\d]/u.test(m[0])) continue;
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""

STYLE = """(selector) => [...document.querySelectorAll(selector)].map(e => {
  const s = getComputedStyle(e); return {lang: e.closest('[lang]').lang, style: s.fontStyle, indent: s.textIndent,
  wordBreak: s.wordBreak};
})"""


def it_breaks_no_word_inside_a_table_cell_on_a_phone(chromium, built_html):
    for _, path, locale in built_html:
        page = open_page(chromium, path, 400)
        broken = page.evaluate(BROKEN_WORDS)
        close(page)
        assert broken == [], (locale, broken)


def it_sets_cjk_notes_upright_korean_by_word_and_chinese_paragraphs_indented(chromium, built_html):
    seen = set()
    for _, path, locale in built_html:
        page = open_page(chromium, path)
        notes, paragraphs = page.evaluate(STYLE, "p.note"), page.evaluate(STYLE, "main p:not([class])")
        close(page)
        for note in notes:
            if note["lang"].split("-")[0] in ("ja", "zh", "ko"):
                assert note["style"] == "normal", (locale, note)
                seen.add("note " + note["lang"][:2])
        for paragraph in paragraphs:
            language = paragraph["lang"].split("-")[0]
            if language == "ko":
                assert paragraph["wordBreak"] == "keep-all", (locale, paragraph)
                seen.add("ko")
            if language == "zh":
                assert paragraph["indent"] not in ("0px", ""), (locale, paragraph)
                seen.add("zh")
    assert {"note zh", "note ko", "ko", "zh"} <= seen, seen  # the sample books hold each case


def it_breaks_titles_between_phrases_and_no_name_a_few_characters_in_on_a_phone_and_a_desktop(chromium, built_html):
    """bench/pages/web.py reads each character's line: no Japanese or Chinese title or contents entry broken
    inside a BudouX phrase or a name (プー/チン, 弗/拉), no katakana word broken three characters in."""
    measurer = web.Browser(chromium)
    for _, path, locale in built_html:
        found = measurer.measure(path)
        assert found["web broken headings"] == [] and found["web broken words"] == [], (locale, found)
