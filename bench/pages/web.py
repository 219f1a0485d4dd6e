"""The web pages as Chromium lays them out at a phone's and a desktop's width: words and names broken inside a line, tables pushing the page sideways, slanted CJK text and unindented Chinese paragraphs."""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import unicodedata
from pathlib import Path

from .tables import HAN_WORD, _script

WIDTHS = (400, 1280)  # a phone held upright, and a desktop window
# Chromium as root in a container: no sandbox, no GPU, nothing fetched in the background (as the tests run it).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# In running text a katakana word may break, as in the PDF's, but not with this few of its characters or
# fewer left at the end of the line (プーチ/ン, サ/ハリン): the PDF's composer carries those to the next.
NAME_HEAD = 3
HTML_KINDS = ("web broken words", "web broken headings", "web broken cell words", "web overflow",
              "web CJK italic", "web zh indent")

# Runs in the page. Every piece of visible text is grouped by the box it flows in (the nearest ancestor that
# is not inline), and each character gets the line it falls on, from its own Range's client rect: the
# layout Chromium drew, not what any writer meant. Text in a transformed box (a draft's slanted
# watermark) or in a box a few pixels wide (text only a screen reader gets) has no lines to read.
READ = """() => {
  const boxes = new Map(), range = document.createRange(), styles = new Map();
  const style = e => { let s = styles.get(e); if (!s) { s = getComputedStyle(e); styles.set(e, s); } return s; };
  const isBox = e => !style(e).display.startsWith('inline') && style(e).display !== 'contents';
  const cjk = /[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]/u, space = /\\s/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let box = node.parentElement;
    while (box !== document.body && !isBox(box)) box = box.parentElement;
    if (!boxes.has(box)) boxes.set(box, []);
    boxes.get(box).push(node);
  }
  const hidden = box => {
    for (let e = box; e; e = e.parentElement) if (style(e).transform !== 'none') return true;
    return box.getBoundingClientRect().width < 4 || style(box).visibility !== 'visible';
  };
  const found = [];
  for (const [box, nodes] of boxes) {
    if (hidden(box)) continue;
    const chars = [];
    let lineMid = null, lineHeight = 0, line = -1, italic = false;
    for (const node of nodes) {
      if (style(node.parentElement).fontStyle !== 'normal' && cjk.test(node.data)) italic = true;
      let i = 0;
      for (const ch of node.data) {
        range.setStart(node, i); range.setEnd(node, i + ch.length); i += ch.length;
        if (space.test(ch)) { chars.push([ch, null, 0, 0]); continue; }
        const rects = range.getClientRects();
        let r = null;
        for (let k = 0; k < rects.length && !r; k++) if (rects[k].width > 0) r = rects[k];
        if (!r) { chars.push([ch, null, 0, 0]); continue; }
        const mid = r.top + r.height / 2;
        if (lineMid === null || Math.abs(mid - lineMid) > 0.6 * Math.max(r.height, lineHeight)) line += 1;
        lineMid = mid; lineHeight = r.height;
        chars.push([ch, line, Math.round(r.width * 10) / 10, Math.round(r.left * 10) / 10]);
      }
    }
    if (line < 0) continue;
    const s = style(box), rect = box.getBoundingClientRect();
    const inner = rect.width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
      - parseFloat(s.borderLeftWidth) - parseFloat(s.borderRightWidth);
    const heading = box.closest('h1, h2, h3, h4, h5, h6, nav, header');
    found.push({
      role: box.closest('td, th') ? 'cell' : heading ? 'heading' : 'text',
      tag: box.tagName.toLowerCase(), lang: (box.closest('[lang]') || document.documentElement).lang,
      bare: box.tagName === 'P' && !box.hasAttribute('class') && !!box.closest('main'),
      left: rect.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth),
      width: inner, size: parseFloat(s.fontSize), italic, chars});
  }
  const overflow = [];
  for (const table of document.querySelectorAll('table')) {
    const r = table.getBoundingClientRect();
    if (r.right <= innerWidth + 1 && r.left >= -1) continue;
    let scroller = null;
    for (let e = table.parentElement; e && e !== document.body; e = e.parentElement) {
      if (['auto', 'scroll'].includes(style(e).overflowX)) { scroller = e; break; }
    }
    const b = scroller && scroller.getBoundingClientRect();
    if (!b || b.right > innerWidth + 1 || b.left < -1)
      overflow.push(`a table ${Math.round(r.width)} px wide sticks ${Math.round(r.right - innerWidth)} px out of the page`);
  }
  const sideways = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  if (sideways > 1 && !overflow.length) overflow.push(`the page scrolls ${sideways} px sideways`);
  // A string: Playwright carries one far faster than a tree of small arrays.
  return JSON.stringify({boxes: found, overflow});
}"""


@functools.lru_cache(maxsize=4)
def _phrases(language: str):
    """BudouX's parser for a language it knows (Japanese, Chinese), else None: where a title may break."""
    import budoux

    primary, *rest = language.split("-")
    if primary == "ja":
        return budoux.load_default_japanese_parser()
    if primary == "zh" and {"hant", "tw", "hk", "mo"} & set(rest):
        return budoux.load_default_traditional_chinese_parser()
    if primary == "zh":
        return budoux.load_default_simplified_chinese_parser()
    return None


def _starts(text: str, language: str) -> set[int]:
    parser = _phrases(language.lower())
    starts, offset = set(), 0
    for phrase in parser.parse(text) if parser else []:
        starts.add(offset)
        offset += len(phrase)
    return starts


def _spaced(char: str) -> bool:
    return _script(char) == "spaced"


def _breaks(chars: list) -> list[tuple[int, int]]:
    """(last character of a line, first character of the next) for each line break in a box, by index."""
    shown = [index for index, (_, line, *_) in enumerate(chars) if line is not None]
    return [(a, b) for a, b in zip(shown, shown[1:]) if chars[a][1] != chars[b][1]]


def _run(chars: list, index: int, step: int, inside) -> int:
    """How far from `index` (exclusive) the characters go on meeting `inside`, in steps of `step`."""
    end = index
    while 0 <= end + step < len(chars) and inside(chars[end + step][0]):
        end += step
    return end


def _units(box: dict, text: str, starts, a: int, b: int) -> list[tuple[int, int]]:
    """The words or names a break between characters `a` and `b` falls inside, widest first, as (first, last)."""
    chars, kinds = box["chars"], (_script(text[a]), _script(text[b]))
    if kinds == ("spaced", "spaced"):
        return [(_run(chars, a, -1, _spaced), _run(chars, b, 1, _spaced))]
    units = []
    # After a middle dot (ウラジーミル・/プーチン) is between words, as a space is.
    if starts is not None and b not in starts and text[a] not in "・·":
        units.append((max(s for s in starts if s <= a), min((s for s in starts if s > b), default=len(text)) - 1))
    if kinds[0] != kinds[1] or kinds[0] not in ("han", "hiragana", "katakana"):
        return units
    same = lambda char, kind=kinds[0]: _script(char) == kind  # noqa: E731
    run = (_run(chars, a, -1, same), _run(chars, b, 1, same))
    if box["role"] == "cell" and (kinds[0] != "han" or run[1] - run[0] < HAN_WORD):
        units.append(run)  # a kana word, or a Han name of up to three characters (the tables.py rule)
    elif box["role"] == "heading" and kinds[0] == "katakana":
        units.append(run)  # a name inside a phrase too long for the line: it breaks at the name's edge
    elif box["role"] == "text" and kinds[0] == "katakana" and a - run[0] < NAME_HEAD:
        units.append(run)  # a name broken a few characters in (プー/チン), as the PDF never breaks one
    return units


def broken(box: dict) -> list[str]:
    """Each line break of a box that falls inside a word or name, as `before/after`: between two letters
    or digits of a spaced script (Mongoli/a, 회/담을); in a cell, inside a kana run or a Han run of three or
    fewer (モンゴル/国 is a name: the tables.py rule); in running text, a katakana word broken three
    characters in or fewer (プーチ/ン); in a heading or the contents in Japanese or Chinese, inside one of
    BudouX's phrases (おけ/る) but after a middle dot, which parts words as a space does. Outside a
    cell, a word or phrase wider than its box has to break somewhere: then the narrower unit inside it
    (a name in a long phrase) is what may not break."""
    chars, found = box["chars"], []
    text = "".join(char for char, *_ in chars)
    language = box["lang"].split("-")[0].lower()
    starts = _starts(text, box["lang"]) if box["role"] == "heading" and language in ("ja", "zh") else None
    for a, b in _breaks(chars):
        if b > a + 1:
            continue  # a break at a space, a soft hyphen, or anything else not drawn
        for start, end in _units(box, text, starts, a, b):
            # A cell is as wide as its words make it (its table scrolls when too wide for the page).
            if box["role"] == "cell" or sum(width for *_, width, _ in chars[start:end + 1]) <= box["width"] + 0.5:
                found.append(f"{text[start:a + 1]}/{text[b:end + 1]}")
                break
    return found


def _is_cjk(char: str) -> bool:
    return _script(char) in ("han", "hiragana", "katakana") or unicodedata.name(char, "").startswith("HANGUL")


def findings(read: dict, width: int) -> dict[str, list]:
    """Each HTML kind's findings, as (width, what), from what READ returned for one page at one width."""
    found: dict[str, list] = {kind: [] for kind in HTML_KINDS}
    key = {"text": "web broken words", "heading": "web broken headings", "cell": "web broken cell words"}
    for box in read["boxes"]:
        where = f"{box['tag']} {box['lang']}"
        for word in broken(box):
            found[key[box["role"]]].append((f"{width}px", f"{word} ({where})"))
        text = "".join(char for char, *_ in box["chars"])
        if box["italic"]:
            found["web CJK italic"].append((f"{width}px", f"{text.strip()[:12]}… ({where})"))
        if box["bare"] and box["lang"].lower().startswith("zh"):
            first = next((c for c in box["chars"] if c[1] is not None), None)
            if first and first[3] - box["left"] < box["size"] * 1.5:
                found["web zh indent"].append((f"{width}px", f"{text.strip()[:12]}… starts {first[3] - box['left']:.0f} px in"))
    found["web overflow"] = [(f"{width}px", what) for what in read["overflow"]]
    return found


def available() -> bool:
    """Whether the pages can be measured here: Debian's Chromium, and Playwright to drive it."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return shutil.which("chromium") is not None


class Browser:
    """One headless Chromium for every page measured (starting one takes longer than reading a page): its
    own, or one a caller already runs (Playwright's sync API drives one at a time per thread)."""

    def __init__(self, running=None):
        self._playwright = None
        if running is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            running = self._playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        self._browser = running

    def measure(self, path: Path, widths=WIDTHS) -> dict[str, list]:
        """Each HTML kind's findings in one page, at each width."""
        found: dict[str, list] = {kind: [] for kind in HTML_KINDS}
        context = self._browser.new_context(viewport={"width": widths[0], "height": 900})
        try:
            page = context.new_page()
            page.goto(Path(path).resolve().as_uri())
            for width in widths:
                page.set_viewport_size({"width": width, "height": 900})  # laid out again, not loaded again
                for kind, items in findings(json.loads(page.evaluate(READ)), width).items():
                    found[kind] += items
        finally:
            context.close()
        return found

    def close(self) -> None:
        if self._playwright is not None:  # a browser it was given is its owner's to close
            self._browser.close()
            self._playwright.stop()


@contextlib.contextmanager
def browser(running=None):
    """A Browser (on `running`, a Playwright browser, when given), closed when done."""
    opened = Browser(running)
    try:
        yield opened
    finally:
        opened.close()
