"""The web page measures (bench/pages/web.py) on small pages written by hand to hold one defect each, not by briefing's writer: each is counted in Chromium at a phone's width, and the same page set right counts 0."""

from __future__ import annotations

import pytest

from bench.pages import web

PHONE = (400,)
SHELL = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><style>
body {{ margin: 8px; font-size: 20px; line-height: 1.6; }} p, h1, h2 {{ margin: 0 0 1em; }}
:lang(ja) {{ font-family: "IPAexMincho", "Noto Serif CJK JP", serif; }}
:lang(zh) {{ font-family: "Noto Serif CJK SC", "IPAexMincho", serif; }}
:lang(ko) {{ font-family: "Noto Serif CJK KR", "UnBatang", serif; }}
</style></head><body><main>{body}</main></body></html>"""


@pytest.fixture(scope="module")
def measure(chromium, tmp_path_factory):
    """Writes a page holding `body` and returns its findings at a phone's width, per HTML kind."""
    folder = tmp_path_factory.mktemp("web-cases")
    measurer = web.Browser(chromium)

    def measured(body: str, lang: str = "en") -> dict[str, list]:
        path = folder / f"page{len(list(folder.iterdir()))}.html"
        path.write_text(SHELL.format(lang=lang, body=body), encoding="utf-8")
        return measurer.measure(path, PHONE)
    return measured


def kinds(found: dict[str, list]) -> dict[str, int]:
    return {kind: len(items) for kind, items in found.items() if items}


LATIN = "Delegation of Mongolia and of the Russian Federation"
# Korean set syllable by syllable, as Chromium breaks it without keep-all: 회담을 and 러시아연방 split.
KOREAN = "일본국 총리대신과 러시아연방 정부 의장과의 회담을 개최하였으며 양국 관계를 논의하였다"


def it_counts_a_word_broken_inside_a_line_and_not_one_wrapped_at_a_space(measure):
    # Twenty characters or so to a line: "… and of the Russian Feder/ation".
    assert kinds(measure(f'<p style="width: 200px; word-break: break-all">{LATIN}</p>')) == {"web broken words": 1}
    assert kinds(measure(f'<p style="width: 200px">{LATIN}</p>')) == {}


def it_counts_korean_broken_between_the_syllables_of_a_word(measure):
    broken = measure(f'<p style="width: 230px">{KOREAN}</p>', "ko")["web broken words"]
    assert broken and all("/" in word for _, word in broken)
    assert kinds(measure(f'<p style="width: 230px; word-break: keep-all">{KOREAN}</p>', "ko")) == {}


def it_counts_a_katakana_name_broken_a_few_characters_in(measure):
    # Five characters to a line: あいうプー / チン.
    assert kinds(measure('<p style="width: 100px">あいうプーチン首相</p>', "ja")) == {"web broken words": 1}
    held = '<p style="width: 100px">あいう<span style="white-space: nowrap">プーチ</span>ン首相</p>'
    assert kinds(measure(held, "ja")) == {}


def it_counts_a_title_broken_inside_a_phrase_or_a_name(measure):
    import budoux

    # Eight characters to a line: 麻生総理大臣とウ / ラジーミル・プー / チン首相との会談.
    title = "麻生総理大臣とウラジーミル・プーチン首相との会談"
    assert kinds(measure(f'<h1 style="width: 8em; font-size: 20px">{title}</h1>', "ja")) == {"web broken headings": 2}
    phrases = "<wbr>".join(budoux.load_default_japanese_parser().parse(title)).replace("・", "・<wbr>")
    kept = f'<h1 style="width: 8em; font-size: 20px"><span style="word-break: keep-all">{phrases}</span></h1>'
    assert kinds(measure(kept, "ja")) == {}
    assert kinds(measure('<h2 style="width: 150px; word-break: break-all">Mongolia and Japan</h2>')) == \
        {"web broken headings": 1}


def it_counts_a_word_broken_in_a_table_cell_and_a_table_that_pushes_the_page_sideways(measure):
    cells = "<table><tr><td>Country</td><td>Mongolia</td><td>モンゴル国</td><td>Delegation</td></tr></table>"
    narrow = f'<div style="width: 150px">{cells}</div>'
    found = measure(f'<style>td {{ overflow-wrap: anywhere; }}</style>{narrow}')
    assert len(found["web broken cell words"]) >= 3, found
    wide = '<table style="width: 900px"><tr><td>Mongolia</td></tr></table>'
    assert kinds(measure(wide)) == {"web overflow": 1}
    assert kinds(measure(f'<div style="overflow-x: auto">{wide}</div>')) == {}
    # Set right: words and Japanese names kept whole, the table scrolling in its own box.
    kept = f'<style>td {{ word-break: keep-all; }}</style><div style="overflow-x: auto; width: 150px">{cells}</div>'
    assert kinds(measure(kept)) == {}


def it_counts_cjk_text_set_in_italic(measure):
    assert kinds(measure('<p style="font-style: italic">注：会談は非公開。</p>', "ja")) == {"web CJK italic": 1}
    assert kinds(measure('<p style="font-style: italic">Note: the meeting was closed.</p>')) == {}
    assert kinds(measure("<p>注：会談は非公開。</p>", "ja")) == {}


def it_counts_a_chinese_paragraph_that_does_not_begin_two_characters_in(measure):
    paragraph = "<p>双方同意加强在亚太地区的合作。</p>"
    assert kinds(measure(paragraph, "zh")) == {"web zh indent": 1}
    assert kinds(measure(f'<style>p {{ text-indent: 2em; }}</style>{paragraph}', "zh")) == {}
