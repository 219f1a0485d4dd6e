"""The HTML pages in a real browser (Debian's Chromium): clean loads, the tree's headings, accessibility, layout, hostile text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from briefing import tree
from briefing.building.build import document_for
from briefing.check import load_checked

from conftest import AXE, EPOCH, SAMPLE, run_briefing


def require_axe() -> Path:
    """axe-core's script, installed from the npm registry by scripts/setup.sh --test (npm ci)."""
    if AXE.is_file():
        return AXE
    if os.environ.get("CI") == "true":
        pytest.fail("axe-core is required in CI (scripts/setup.sh --test installs it with npm ci)")
    pytest.skip("axe-core is not installed; run scripts/setup.sh --test")


def open_page(chromium, path: Path, width: int = 1280, **context):
    """A new page at `path`, with every request, console error and uncaught exception it makes recorded."""
    page = chromium.new_context(viewport={"width": width, "height": 900}, **context).new_page()
    page.requests, page.errors, page.dialogs = [], [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    return page


def close(page) -> None:
    page.context.close()


def tree_headings(book: Path, locale: str) -> tuple[list[str], list[str]]:
    """The document tree's title(s) and headings in page order (a bilingual row: left, then right)."""
    loaded, _ = load_checked(book)
    titles, headings = [], []

    def collect(block):
        if isinstance(block, tree.TitleBlock):
            titles.append(block.title)
        elif isinstance(block, tree.Heading):
            headings.append(block.display())
        elif isinstance(block, tree.List):
            for item in block.items:
                for child in item.blocks:
                    collect(child)
        elif isinstance(block, tree.Aligned):
            collect(block.left)
            collect(block.right)

    for block in document_for(loaded, locale).blocks:
        collect(block)
    return titles, headings


def ids(pages):
    return [f"{book.name}:{locale}" for book, _, locale in pages]


@pytest.fixture(scope="module")
def pages(built_html):
    return built_html


def it_builds_every_locale_and_pair_of_every_book(built_html):
    locales = {locale for _, _, locale in built_html}
    assert {"en", "ja", "ru", "ja+en", "ja+ru"} <= locales


def it_loads_every_page_with_no_console_error_and_no_request_but_itself(chromium, built_html):
    for book, path, locale in built_html:
        page = open_page(chromium, path)
        assert page.errors == [], (locale, page.errors)
        assert page.requests == [path.as_uri()], (locale, page.requests)
        # The markup is what it says: nothing the parser had to move (an <li> outside a list, a block in a <p>).
        assert page.evaluate("""() => [...document.querySelectorAll('li')].every(li => li.parentElement.matches('ul, ol'))
            && document.querySelectorAll('p p, p div, p ul, p ol, p table').length === 0
            && [...document.querySelectorAll('.pair')].every(pair => pair.querySelectorAll(':scope > .side').length === 2
                                                                   && pair.children.length === 2)""")
        # The page declares its language, and each block in another language says so.
        languages = page.evaluate("""() => [document.documentElement.lang,
            [...document.querySelectorAll('main [lang]')].map(e => e.lang)]""")
        document = document_for(load_checked(book)[0], locale)
        assert languages[0] == document.meta.language
        if document.meta.secondary is not None:
            assert document.meta.secondary.language in languages[1]
        close(page)


def its_headings_are_the_trees_headings_in_order(chromium, built_html):
    for book, path, locale in built_html:
        page = open_page(chromium, path)
        shown = page.evaluate("""() => ({
            titles: [...document.querySelectorAll('main h1')].map(h => h.textContent),
            headings: [...document.querySelectorAll('main :is(h2, h3, h4, h5, h6)')]
                .filter(h => !h.closest('nav')).map(h => h.textContent),
            levels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1]),
            contents: [...document.querySelectorAll('nav.contents a')].map(a => a.getAttribute('href')),
        })""")
        titles, headings = tree_headings(book, locale)
        assert shown["titles"] == titles, locale
        assert shown["headings"] == headings, locale
        # No level is skipped on the way down: h2 is followed by h3 at most.
        assert shown["levels"][0] == 1
        assert all(b <= a + 1 for a, b in zip(shown["levels"], shown["levels"][1:])), (locale, shown["levels"])
        # The contents link to every heading, and each link has its target.
        assert len(shown["contents"]) == len(headings)
        assert page.evaluate("hrefs => hrefs.every(h => document.getElementById(h.slice(1)))", shown["contents"])
        close(page)


def it_gives_screen_readers_the_list_labels_and_the_markers_meanings(chromium, built_html):
    for book, path, locale in [page for page in built_html if "+" not in page[2]]:
        document = document_for(load_checked(book)[0], locale)
        lists = [b for b in document.blocks if isinstance(b, tree.List) and b.ordered]
        legend = next((b for b in document.blocks if isinstance(b, tree.Table) and b.role == "legend"), None)
        entry = next(b for b in document.blocks if isinstance(b, tree.Entry))
        page = open_page(chromium, path)
        # What the accessibility tree holds, as a screen reader gets it.
        first_list = page.locator("main ol.list").first.aria_snapshot()
        first_entry = page.locator("main .register > li").first.aria_snapshot()
        close(page)
        item = lists[0].items[0]
        spaced = lambda value: value.replace("\xa0", " ")  # noqa: E731 - the snapshot shows no-break spaces as spaces
        assert first_list.startswith(spaced(f"- list:\n  - listitem: {item.label} {item.text[:20]}")), locale
        if legend is None:  # a register numbered instead of marked: the number leads the entry
            assert spaced(f"{entry.marker} {entry.title}") in first_entry, (locale, first_entry)
            continue
        meaning = dict(legend.rows)[entry.marker]
        assert spaced(f"{meaning}: {entry.title}") in first_entry, (locale, first_entry)


def it_has_no_serious_or_critical_accessibility_violation(chromium, built_html):
    axe = require_axe()
    for _, path, locale in built_html:
        for width in (1280, 400):
            # The page's policy forbids every script, axe's too: this context alone lets the test inject it.
            page = open_page(chromium, path, width, bypass_csp=True)
            page.add_script_tag(path=str(axe))
            violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
                .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
            close(page)
            grave = [v for v in violations if v["impact"] in ("serious", "critical")]
            assert grave == [], (locale, width, json.dumps(grave, ensure_ascii=False))


# Where each column of each bilingual row starts: the baseline of its first line of text (found by a
# zero-size inline box set on it), and its box.
PAIR_TOPS = """() => [...document.querySelectorAll('.pair')].map(pair => {
    const firstBaseline = side => {
        const walker = document.createTreeWalker(side, NodeFilter.SHOW_TEXT, {acceptNode: node =>
            node.textContent.trim() && !node.parentElement.closest('.visually-hidden')
                ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
        const text = walker.nextNode(), probe = document.createElement('span');
        Object.assign(probe.style, {display: 'inline-block', width: '0', height: '0', verticalAlign: 'baseline'});
        text.parentNode.insertBefore(probe, text);
        const baseline = probe.getBoundingClientRect().bottom;
        probe.remove();
        return baseline;
    };
    const [left, right] = pair.children;
    return {text: left.textContent.trim().slice(0, 30), left: firstBaseline(left), right: firstBaseline(right),
            leftBottom: left.getBoundingClientRect().bottom, rightTop: right.getBoundingClientRect().top,
            leftTop: left.getBoundingClientRect().top, leftLang: left.lang, rightLang: right.lang};
})"""


def it_starts_both_columns_of_every_pair_on_the_same_line_on_a_desktop(chromium, built_html):
    bilingual = [(book, path, locale) for book, path, locale in built_html if "+" in locale]
    assert bilingual
    for book, path, locale in bilingual:
        page = open_page(chromium, path, 1280)
        pairs = page.evaluate(PAIR_TOPS)
        close(page)
        rows = sum(isinstance(b, tree.Aligned) for b in document_for(load_checked(book)[0], locale).blocks)
        assert len(pairs) == rows
        off = [(p["text"], round(p["left"] - p["right"], 1)) for p in pairs if abs(p["left"] - p["right"]) > 2]
        assert off == [], (locale, off)


def it_stacks_the_translation_under_the_original_on_a_phone(chromium, built_html):
    for _, path, locale in [page for page in built_html if "+" in page[2]]:
        page = open_page(chromium, path, 400)
        pairs = page.evaluate(PAIR_TOPS)
        wide = page.evaluate("document.documentElement.scrollWidth")
        close(page)
        primary, secondary = locale.split("+")
        assert all(p["rightTop"] >= p["leftBottom"] - 0.5 for p in pairs), locale
        assert all(p["leftLang"].startswith(primary) and p["rightLang"].startswith(secondary) for p in pairs)
        assert wide <= 400, (locale, "the page scrolls sideways")


HTML_ATTACKS = [
    "<script>document.title='pwned'</script>",
    '<img src="x" onerror="document.title=\'pwned\'">',
    '<a href="javascript:alert(1)">click</a>',
    "<style>body{display:none}</style>",
    '</p></main><iframe src="http://example.com/"></iframe>',
    '<svg onload="alert(1)"><use href="data:image/svg+xml,x"/></svg>',
    '"><meta http-equiv="refresh" content="0;url=http://example.com/">',
]


def it_renders_hostile_content_as_text_and_runs_nothing(chromium, book_copy, tmp_path):
    from test_hostile import CASES, put_text

    texts = [case for case in CASES if case.category == "text" and case.literal and case.id != "long-word"]
    for case in texts:
        case.make(book_copy)
    for attack in HTML_ATTACKS:
        put_text(attack)(book_copy)
    # A marking is at most 32 columns wide: one breaks out of the page's <style>, one out of a CSS string.
    for marking in ("</style><script>alert(1)</script", '"; } body { display: none } x{"'):
        out = tmp_path / str(len(marking))
        result = run_briefing("build", str(book_copy), "-l", "en", "-f", "html", "-o", str(out),
                              "--marking", marking, env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stderr
        path = out / f"{book_copy.name}.en.html"
        page = open_page(chromium, path)
        shown = page.evaluate("""() => ({
            title: document.title, text: document.body.innerText,
            active: document.querySelectorAll('script, iframe, img, svg, object, embed, meta[http-equiv=refresh], a[href^="javascript"]').length,
            styles: document.querySelectorAll('style').length,
            banner: document.querySelector('.marking-top').textContent,
            hidden: getComputedStyle(document.body).display,
        })""")
        assert page.errors == [] and page.dialogs == [], (page.errors, page.dialogs)
        assert page.requests == [path.as_uri()]
        close(page)
        assert not shown["title"].startswith("pwned")
        assert (shown["active"], shown["styles"], shown["hidden"]) == (0, 1, "block")
        assert shown["banner"] == marking
        flat = re.sub(r"\s+", "", shown["text"])
        for literal in [case.literal for case in texts] + HTML_ATTACKS:
            assert re.sub(r"\s+", "", literal) in flat, literal


def it_writes_the_same_bytes_twice_and_lists_the_pages_in_the_manifest(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = run_briefing("build", str(SAMPLE), "-l", "en", "-l", "ja+en", "-f", "html", "-o", str(out),
                              env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    manifest = json.loads((first / f"{SAMPLE.name}.manifest.json").read_text(encoding="utf-8"))
    assert [o["file"] for o in manifest["outputs"]] == [f"{SAMPLE.name}.en.html", f"{SAMPLE.name}.ja+en.html"]
