"""Changing the text at a content path rewrites that text only: every other byte of every file stays, and files are written all or none."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings, strategies as st

from briefing.content import load_book
from briefing.content.edit import ContentEdits, EditError, split_path
from briefing.translations.texts import book_texts

from conftest import SAMPLE

SMALL = """\
# a comment that stays
blocks:
  - paragraph:
      en: "Hello"   # and this one
      ru: 'Привет'
  - bullets:
      - en: one
        ja: "一"
      - {en: "two", ja: "二"}
      - en: |
          three
          lines
      - en: four
"""


@pytest.fixture
def small(tmp_path):
    (tmp_path / "m.yaml").write_text(SMALL, encoding="utf-8")
    return tmp_path


def it_changes_one_scalar_and_no_other_byte(small):
    edits = ContentEdits(small, ("en", "ja", "ru"))
    change = edits.set_text("m.yaml:blocks[0].paragraph", "ru", "Здравствуйте")
    assert str(change) == 'm.yaml:5: ru: "Привет" → "Здравствуйте"'
    edits.apply()
    assert (small / "m.yaml").read_text(encoding="utf-8") == SMALL.replace("'Привет'", '"Здравствуйте"')


def it_inserts_a_missing_locale_in_locale_order_beside_its_siblings(small):
    edits = ContentEdits(small, ("en", "ja", "ru"))
    edits.set_text("m.yaml:blocks[0].paragraph", "ja", "こんにちは")
    edits.set_text("m.yaml:blocks[1].bullets[1]", "ru", "два")
    edits.set_text("m.yaml:blocks[1].bullets[2]", "ja", "三")
    edits.set_text("m.yaml:blocks[1].bullets[3]", "ja", "四")
    edits.apply()
    assert (small / "m.yaml").read_text(encoding="utf-8") == SMALL.replace(
        '      en: "Hello"   # and this one\n', '      en: "Hello"   # and this one\n      ja: "こんにちは"\n'
    ).replace('{en: "two", ja: "二"}', '{en: "two", ja: "二", ru: "два"}').replace(
        "          lines\n", '          lines\n        ja: "三"\n'
    ).replace("      - en: four\n", '      - en: four\n        ja: "四"\n')


def it_removes_a_locale_and_keeps_a_list_item_whole(small):
    edits = ContentEdits(small, ("en", "ja", "ru"))
    edits.remove_text("m.yaml:blocks[0].paragraph", "ru")
    edits.remove_text("m.yaml:blocks[1].bullets[0]", "en")
    edits.apply()
    assert (small / "m.yaml").read_text(encoding="utf-8") == SMALL.replace("      ru: 'Привет'\n", "").replace(
        '      - en: one\n        ja: "一"\n', '      - ja: "一"\n')


def it_keeps_windows_line_endings(tmp_path):
    (tmp_path / "m.yaml").write_bytes(SMALL.replace("\n", "\r\n").encode("utf-8"))
    edits = ContentEdits(tmp_path, ("en", "ja", "ru"))
    edits.set_text("m.yaml:blocks[0].paragraph", "ja", "こんにちは")
    edits.apply()
    data = (tmp_path / "m.yaml").read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"") and '      ja: "こんにちは"\r\n'.encode() in data


def it_writes_every_file_or_none(small):
    (small / "other.yaml").write_text("title:\n  en: x\n", encoding="utf-8")
    edits = ContentEdits(small, ("en", "ja", "ru"))
    edits.set_text("other.yaml:title", "ja", "エックス")
    edits.set_text("m.yaml:blocks[0].paragraph", "ja", "こんにちは")
    before = {p.name: p.read_bytes() for p in small.iterdir()}

    def fail(*_):
        raise OSError(28, "No space left on device")

    import briefing.safety.output

    original = briefing.safety.output.flush
    briefing.safety.output.flush = fail
    try:
        with pytest.raises(OSError):
            edits.apply()
    finally:
        briefing.safety.output.flush = original
    assert {p.name: p.read_bytes() for p in small.iterdir()} == before


def it_refuses_a_path_that_leads_nowhere(small):
    edits = ContentEdits(small, ("en", "ja", "ru"))
    for path in ("m.yaml:blocks[9].paragraph", "m.yaml:blocks[0].section", "m.yaml:blocks", "../m.yaml:x", "m.yaml"):
        with pytest.raises(EditError):
            edits.set_text(path, "ja", "x")


def it_splits_content_paths():
    assert split_path("summary.yaml:blocks[2].section.blocks[0].bullets[3]") == (
        "summary.yaml", ["blocks", 2, "section", "blocks", 0, "bullets", 3])


def it_finds_every_text_of_the_sample_book_at_its_content_path_and_line():
    book = load_book(SAMPLE)
    texts = book_texts(book)
    assert len({t.path for t in texts}) == len(texts) > 100
    edits = ContentEdits(SAMPLE, book.locales)
    for text in texts:
        file, steps, mapping, entries = edits._locate(text.path, "en")
        edits.touched.clear()
        assert {locale: value.value for locale, (_, value) in entries.items()} == text.by_locale, text.path
        assert {locale: key.start_mark.line + 1 for locale, (key, _) in entries.items()} == text.lines, text.path


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn"), blacklist_characters="\u2028\u2029\x85"),
                min_size=1, max_size=40).filter(lambda s: s.strip() and s == s.strip())


@settings(max_examples=40, deadline=None)
@given(paragraph=texts, bullet=texts)
def it_reads_back_what_it_wrote_through_the_loader(tmp_path_factory, paragraph, bullet):
    folder = tmp_path_factory.mktemp("book")
    for name in ("book.yaml", "summary.yaml"):
        shutil.copy(SAMPLE / name, folder / name)
    book_yaml = folder / "book.yaml"
    text = book_yaml.read_text(encoding="utf-8")
    start = text.index("outline:")
    book_yaml.write_text(text[:start] + "outline:\n  - module: summary\n", encoding="utf-8")
    before = (folder / "summary.yaml").read_text(encoding="utf-8")
    edits = ContentEdits(folder, ("en", "ja", "ru"))
    edits.set_text("summary.yaml:blocks[0].paragraph", "ja", paragraph)
    edits.set_text("summary.yaml:blocks[2].section.blocks[0].bullets[1]", "ru", bullet)
    edits.apply()
    book = load_book(folder)
    assert book.modules["summary"].blocks[0].text["ja"] == paragraph
    assert book.modules["summary"].blocks[2].blocks[0].items[1].text["ru"] == bullet
    after = (folder / "summary.yaml").read_text(encoding="utf-8")
    assert len(after.splitlines()) == len(before.splitlines())
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) <= 2


def it_inserts_and_removes_whole_items_and_writes_comments_keeping_every_other_byte(small):
    edits = ContentEdits(small, ("en", "ja", "ru"))
    edits.insert_item("m.yaml:blocks[1].bullets", 1, {"en": "one and a half"})
    edits.insert_item("m.yaml:blocks", 1, {"paragraph": {"en": "Between"}})
    edits.insert_item("m.yaml:blocks[1].bullets", 4, {"en": "five"})
    edits.remove_item("m.yaml:blocks[1].bullets[2]")
    edits.set_text("m.yaml:blocks[1].bullets[0]", "en", "ONE")
    assert edits.add_comment("m.yaml:blocks[1].bullets[0]", "en", "Ann (2026-11-30): sure?")
    assert edits.add_comment("m.yaml:blocks[0].paragraph", "ru", "Bob: ok")
    assert edits.new_path("m.yaml:blocks[1].bullets[3]") == "m.yaml:blocks[2].bullets[3]"
    edits.apply()
    assert (small / "m.yaml").read_text(encoding="utf-8") == SMALL.replace(
        "      ru: 'Привет'\n", "      # Bob: ok\n      ru: 'Привет'\n  - paragraph:\n      en: \"Between\"\n"
    ).replace(
        "      - en: one\n", '      # Ann (2026-11-30): sure?\n      - en: "ONE"\n'
    ).replace(
        '      - {en: "two", ja: "二"}\n', '      - en: "one and a half"\n      - {en: "two", ja: "二"}\n'
    ).replace("      - en: |\n          three\n          lines\n", "").replace(
        "      - en: four\n", '      - en: four\n      - en: "five"\n')


def it_refuses_to_remove_the_only_item_or_to_insert_into_a_flow_list(tmp_path):
    (tmp_path / "m.yaml").write_text("blocks:\n  - bullets:\n      - en: one\n  - bullets: [{en: a}, {en: b}]\n",
                                     encoding="utf-8")
    edits = ContentEdits(tmp_path, ("en",))
    with pytest.raises(EditError, match="the only item"):
        edits.remove_item("m.yaml:blocks[0].bullets[0]")
    with pytest.raises(EditError, match="flow list"):
        edits.insert_item("m.yaml:blocks[1].bullets", 1, {"en": "c"})
