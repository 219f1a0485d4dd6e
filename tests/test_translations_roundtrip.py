"""The translators' loop loses nothing: copies of the source never taken as translations, texts found by identity, the lock keyed by content."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefing.content import load_book
from briefing.translations.state import Assessment

from conftest import EPOCH, in_three_locales, require_tool
from test_translations import (ECONOMIC, NEW_EN, NEW_JA, OLD_EN, OMEGAT_PROJECT, PARAGRAPH, line_of, replace, run,
                               snapshot)


@pytest.fixture
def book_copy(book_copy):
    return in_three_locales(book_copy)


def translated_units(path: Path, change) -> None:
    """Opens an XLIFF with translate-toolkit, lets `change(unit)` work on each unit with an id, saves it as the tool does."""
    from translate.storage.xliff import xlifffile

    store = xlifffile.parsefile(str(path))
    for unit in store.units:
        if unit.xmlelement.get("id"):
            change(unit)
    path.write_bytes(bytes(store))


def omegat(project_of: Path, book: Path, locale: str, memory: Path | None, capsys, *export_options: str) -> Path:
    """Exports the book into a fresh OmegaT project, translates it in console mode, and returns the translated file."""
    tool = require_tool("omegat")
    project = project_of / "omegat"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(OMEGAT_PROJECT.replace(">ja<", f">{locale}<"), encoding="utf-8")
    status, _, err = run(capsys, "translations", "export", book, "-l", locale, "-o", project / "source" / "book.xlf",
                         "--copy-source", *export_options)
    assert status == 0, err
    if memory is not None:
        (project / "tm" / "auto" / "memory.tmx").write_bytes(memory.read_bytes())
    result = subprocess.run([tool, "--mode=console-translate", str(project)], capture_output=True, text=True,
                            timeout=300, env={"HOME": str(project_of), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH})
    translated = project / "target" / "book.xlf"
    assert result.returncode == 0 and translated.exists(), result.stdout[-2000:] + result.stderr[-2000:]
    return translated


# -- item 3: a copy of the source is never a translation --------------------------------------------


def it_refuses_an_unchanged_copy_source_export_confirmed_in_translate_toolkit(book_copy, tmp_path, capsys):
    path = tmp_path / "book.ja.xlf"
    assert run(capsys, "translations", "export", book_copy, "-l", "ja", "-o", path, "--copy-source")[0] == 0
    from translate.storage.xliff import xliffunit

    states = []
    translated_units(path, lambda unit: states.append(unit.get_state_n()))
    assert set(states) == {xliffunit.statemap["needs-translation"]}
    translated_units(path, lambda unit: unit.set_state_n(xliffunit.statemap["translated"]))  # "confirm all"
    before = snapshot(book_copy)
    status, out, err = run(capsys, "translations", "import", book_copy, path)
    assert status == 1, out
    assert f"trans-unit '{PARAGRAPH}': the target is the en text; it would replace the reviewed ja translation at" in err
    assert "reviewed ja translations would be replaced by their en text: this file is an untranslated copy" in err
    assert snapshot(book_copy) == before


def it_takes_nothing_from_a_copy_source_unit_left_as_it_was_and_keeps_it_stale(book_copy, tmp_path, capsys):
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    path = tmp_path / "book.ja.xlf"
    run(capsys, "translations", "export", book_copy, "-l", "ja", "-o", path, "--copy-source", "--only-needed")
    translated_units(path, lambda unit: unit.set_state_n(100))  # translated, its target still the English
    status, out, err = run(capsys, "translations", "import", book_copy, path)
    assert status == 0, err
    assert "changed 0 ja text(s); 0 newly recorded as reviewed; 1 unit(s) whose target is still the en text" in out
    assert "summary.yaml:5: ja: the file's target is the en text; the reviewed translation stays" not in err
    assert load_book(book_copy).modules["summary"].blocks[0].text["ja"].startswith("5月12日")
    assert "ja: stale translation" in run(capsys, "check", book_copy)[2]


def it_keeps_a_reviewed_translation_a_unit_would_replace_with_its_source(book_copy, tmp_path, capsys):
    path = tmp_path / "book.ja.xlf"
    run(capsys, "translations", "export", book_copy, "-l", "ja", "-o", path)

    def copy_source(unit):
        if unit.xmlelement.get("id") in (PARAGRAPH, ECONOMIC):
            unit.target = unit.source + " "  # as a CAT tool copies it, a space more or less
    translated_units(path, copy_source)
    before = snapshot(book_copy)
    status, out, err = run(capsys, "translations", "import", book_copy, path)
    assert status == 0, err
    assert "changed 0 ja text(s); 0 newly recorded as reviewed; 2 unit(s) whose target is still the en text" in out
    economic = line_of(book_copy / "summary.yaml", "      ja: \"経済・実務分野")
    assert f"summary.yaml:5: ja: the file's target is the en text; the reviewed translation stays" in err
    assert f"summary.yaml:{economic}: ja: the file's target is the en text; the reviewed translation stays" in err
    assert snapshot(book_copy) == before


def it_refuses_what_omegat_returns_without_the_previous_memory(book_copy, tmp_path, capsys):
    translated = omegat(tmp_path, book_copy, "ja", None, capsys)
    before = snapshot(book_copy)
    status, out, err = run(capsys, "translations", "import", book_copy, translated)
    assert status == 1, out
    assert "this file is an untranslated copy" in err and f"trans-unit '{ECONOMIC}'" in err
    assert snapshot(book_copy) == before


def it_goes_through_omegat_with_the_books_own_memory_and_changes_nothing(book_copy, tmp_path, capsys):
    memory = tmp_path / "book.ja.tmx"
    status, out, _ = run(capsys, "translations", "export", book_copy, "-l", "ja", "--tmx", "-o", memory)
    pairs = {(t.text.by_locale["en"], t.text.by_locale["ja"]) for t in Assessment(load_book(book_copy)).of("ja")}
    assert status == 0 and f"a memory of {len(pairs)} reviewed translation(s)" in out  # each pair once
    translated = omegat(tmp_path, book_copy, "ja", memory, capsys)
    before = snapshot(book_copy)
    status, out, err = run(capsys, "translations", "import", book_copy, translated)
    assert status == 0, err
    assert "changed 0 ja text(s); 0 newly recorded as reviewed" in out and "untranslated copy" not in err
    assert snapshot(book_copy) == before


# -- item 14: what a translator sees ----------------------------------------------------------------


def it_gives_a_stale_unit_its_former_source_and_a_word_diff(book_copy, tmp_path, capsys):
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    path = tmp_path / "book.ja.xlf"
    run(capsys, "translations", "export", book_copy, "-l", "ja", "-o", path, "--only-needed")
    from translate.storage.xliff import xlifffile

    unit = next(u for u in xlifffile.parsefile(str(path)).units if u.xmlelement.get("id") == PARAGRAPH)
    [previous] = unit.getalttrans()
    assert previous.source.startswith(OLD_EN) and previous.target.startswith("5月12日")
    assert "Changes in the en text: On {+12 +}May[- 12-], Prime Minister Taro …\n" in unit.getnotes() + "\n"
    assert not unit.isapproved()


def it_marks_reviewed_units_approved_and_final_so_xliff2po_and_po2tmx_take_them(book_copy, tmp_path, capsys):
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    path = tmp_path / "book.ja.xlf"
    run(capsys, "translations", "export", book_copy, "-l", "ja", "-o", path)
    from translate.storage.tmx import tmxfile
    from translate.storage.xliff import xlifffile

    units = [u for u in xlifffile.parsefile(str(path)).units if u.xmlelement.get("id")]
    approved = {u.xmlelement.get("id") for u in units if u.isapproved()}
    assert PARAGRAPH not in approved and len(approved) == len(units) - 1
    tools = Path(sys.executable).parent  # translate-toolkit's converters, installed with the test extras
    subprocess.run([str(tools / "xliff2po"), str(path), str(tmp_path / "book.ja.po")], check=True, capture_output=True)
    subprocess.run([str(tools / "po2tmx"), "-l", "ja", str(tmp_path / "book.ja.po"), str(tmp_path / "out.tmx")],
                   check=True, capture_output=True)
    memory = tmxfile.parsefile(str(tmp_path / "out.tmx"))
    sources = {u.source for u in memory.units}
    assert len(sources) >= len({u.source for u in units}) - 1 and not any(s.startswith(NEW_EN) for s in sources)


def it_writes_the_books_memory_as_tmx_that_translate_toolkit_reads(book_copy, tmp_path, capsys):
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    memory = tmp_path / "book.ja.tmx"
    assert run(capsys, "translations", "export", book_copy, "-l", "ja", "--tmx", "-o", memory)[0] == 0
    from translate.storage.tmx import tmxfile

    pairs = {u.source: u.target for u in tmxfile.parsefile(str(memory)).units}
    book = load_book(book_copy)
    assert pairs[book.modules["summary"].blocks[2].blocks[0].items[4].text["en"]] == \
        book.modules["summary"].blocks[2].blocks[0].items[4].text["ja"]
    assert not any(source.startswith(NEW_EN) for source in pairs)  # a stale translation is not memory
    again = tmp_path / "again.tmx"
    run(capsys, "translations", "export", book_copy, "-l", "ja", "--tmx", "-o", again)
    assert again.read_bytes() == memory.read_bytes()


# -- item 13: identity, not position ------------------------------------------------------------------

INSERTED = ('blocks:\n  - paragraph:\n      en: "A new opening."\n      ja: "新しい冒頭。"\n'
            '      ru: "Новое начало."\n')


def it_adds_lock_lines_for_an_inserted_paragraph_and_rewrites_none(book_copy, capsys):
    lock = book_copy / "translations.lock"
    before = lock.read_text(encoding="utf-8").splitlines()
    replace(book_copy / "summary.yaml", "blocks:\n", INSERTED)
    err = run(capsys, "check", book_copy)[2]
    assert err.count("stale translation (not reviewed against the current en text)") == err.count("stale") == 2, err
    for locale in ("ja", "ru"):
        assert run(capsys, "translations", "mark-reviewed", book_copy, "-l", locale, "summary.yaml:blocks[0].paragraph")[0] == 0
    after = lock.read_text(encoding="utf-8").splitlines()
    assert [line for line in before if line not in after] == []
    assert len([line for line in after if line not in before]) == 3  # the English text, then ja and ru


def it_keeps_a_moved_text_translated_and_not_gone(book_copy, capsys):
    # The second paragraph moves to the end of the module: its old content path now names a section.
    summary = book_copy / "summary.yaml"
    lines = summary.read_text(encoding="utf-8").splitlines(keepends=True)
    start = line_of(summary, '      en: "Chairman Putin arrived in Japan') - 2
    moved = lines[start:start + 4]
    assert moved[0] == "  - paragraph:\n" and lines[start + 4].startswith("  - ")
    del lines[start:start + 4]
    summary.write_text("".join(lines + moved), encoding="utf-8")
    paths = {t.text.path for t in Assessment(load_book(book_copy)).of("ja")}
    assert "summary.yaml:blocks[1].paragraph" not in paths and "summary.yaml:blocks[3].paragraph" in paths
    status, _, err = run(capsys, "check", "--strict", book_copy)
    assert status == 0 and err == "", err


def _revised_and_translated(book_copy, tmp_path, capsys):
    """The English revised, its stale ja unit exported and translated in the file, as a translator returns it."""
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    path = tmp_path / "book.ja.xlf"
    run(capsys, "translations", "export", book_copy, "-l", "ja", "-o", path, "--only-needed")

    def translate(unit):
        unit.target = NEW_JA
        unit.set_state_n(100)
    translated_units(path, translate)
    return path


def it_imports_a_unit_whose_text_moved_below_an_inserted_paragraph(book_copy, tmp_path, capsys):
    path = _revised_and_translated(book_copy, tmp_path, capsys)
    replace(book_copy / "summary.yaml", "blocks:\n", INSERTED)
    status, out, err = run(capsys, "translations", "import", book_copy, path)
    assert status == 0, err
    assert "1 newly recorded as reviewed" in out
    summary = load_book(book_copy).modules["summary"]
    assert summary.blocks[1].text["ja"] == NEW_JA and summary.blocks[0].text["ja"] == "新しい冒頭。"
    err = run(capsys, "check", book_copy)[2]
    moved_line = line_of(book_copy / "summary.yaml", NEW_JA)
    assert moved_line == 9 and f"summary.yaml:{moved_line}: ja: stale" not in err
    assert "summary.yaml:5: ja: stale" in err  # the inserted paragraph's own ja is not reviewed yet


# -- items 8 and 13: mark-reviewed names what it marks ---------------------------------------------------


def it_refuses_to_mark_reviewed_the_line_of_a_source_text(book_copy, capsys):
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    before = snapshot(book_copy)
    en_line = line_of(book_copy / "summary.yaml", "      en: \"On 12 May")
    status, _, err = run(capsys, "translations", "mark-reviewed", book_copy, f"summary.yaml:{en_line}")
    assert status == 1 and f"summary.yaml:{en_line}: the line holds the en text of {PARAGRAPH}, not a translation" in err
    assert "(ja at :5, ru at :6)" in err
    status, _, err = run(capsys, "translations", "mark-reviewed", book_copy, PARAGRAPH)
    assert status == 1 and "say which with -l LOCALE" in err
    assert snapshot(book_copy) == before


def it_takes_the_locale_option_before_or_after_the_place(book_copy, capsys):
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    status, out, err = run(capsys, "translations", "mark-reviewed", book_copy, "-l", "ru", PARAGRAPH)
    assert status == 0 and "1 translation(s) recorded as reviewed (1 were stale)" in out, err
    stale = run(capsys, "check", book_copy)[2]
    assert "ru: stale" not in stale and "ja: stale" in stale


def they_name_every_content_file_as_the_book_was_given(book_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(book_copy.parent)
    book = book_copy.name
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    path = tmp_path / "book.ja.xlf"
    run(capsys, "translations", "export", book, "-l", "ja", "-o", path, "--only-needed")

    def translate(unit):
        unit.target = NEW_JA
    translated_units(path, translate)
    printed = [run(capsys, "check", book)[2], run(capsys, "translations", "status", book, "--list")[1],
               run(capsys, "translations", "import", book, path)[1],
               run(capsys, "translations", "mark-reviewed", book, "-l", "ru", "--all")[1]]
    places = [line.split(": ")[0].strip() for text in printed for line in text.splitlines() if ".yaml:" in line
              or ".lock:" in line]
    assert places and all(place.startswith(f"{book}/") for place in places), printed


# -- the lock's format ---------------------------------------------------------------------------------


def format_one(book: Path) -> str:
    """The lock as format 1 wrote it: one line per content path and locale."""
    from briefing.translations.texts import fingerprint

    lines = ["book 2009-05-12-japan-russia\n", "source en\n"]
    for translation in Assessment(load_book(book)).translations:
        text = translation.text
        lines.append(f"{text.path} {translation.locale} {fingerprint(text.by_locale['en'])} "
                     f"{fingerprint(text.by_locale[translation.locale])}\n")
    return "".join(lines)


def it_reads_a_format_one_lock_and_writes_format_two_at_the_next_review(book_copy, capsys):
    lock = book_copy / "translations.lock"
    lock.write_text(format_one(book_copy), encoding="utf-8")
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    err = run(capsys, "check", book_copy)[2]
    assert err.count("stale translation (the en text changed since it was translated)") == 2, err
    assert run(capsys, "translations", "mark-reviewed", book_copy, "-l", "ja", "--all")[0] == 0
    written = lock.read_text(encoding="utf-8")
    assert "version 2\n" in written and f"{PARAGRAPH} " not in written
    err = run(capsys, "check", book_copy)[2]  # ru's record is kept: still stale, for the same reason
    assert err.count("stale translation") == 1 and "ru: stale translation (the en text changed since" in err, err


def it_refuses_a_source_text_edited_by_hand_in_the_lock(book_copy, capsys):
    lock = book_copy / "translations.lock"
    text = lock.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if '"Nuclear Energy"' in l)
    lock.write_text(text.replace(line, line.replace("Nuclear Energy", "Nuclear Power")), encoding="utf-8")
    status, _, err = run(capsys, "check", book_copy)
    assert status == 1 and "the source text does not match its fingerprint" in err


def it_tells_two_texts_with_the_same_source_apart_after_both_moved(book_copy, tmp_path, capsys):
    summary = book_copy / "summary.yaml"
    second = load_book(book_copy).modules["summary"].blocks[1].text["en"]
    replace(summary, OLD_EN, NEW_EN)
    replace(summary, second, load_book(book_copy).modules["summary"].blocks[0].text["en"])  # the same English twice
    path = tmp_path / "book.ja.xlf"
    run(capsys, "translations", "export", book_copy, "-l", "ja", "-o", path, "--only-needed")

    def translate(unit):
        if unit.xmlelement.get("id") == "summary.yaml:blocks[1].paragraph":
            unit.target = NEW_JA
            unit.set_state_n(100)
    translated_units(path, translate)
    first_ja = load_book(book_copy).modules["summary"].blocks[0].text["ja"]
    replace(summary, "blocks:\n", INSERTED)  # blocks[1] now names the first of the two
    status, out, err = run(capsys, "translations", "import", book_copy, path)
    assert status == 0, err
    blocks = load_book(book_copy).modules["summary"].blocks
    assert blocks[1].text["ja"] == first_ja and blocks[2].text["ja"] == NEW_JA


def it_refuses_a_unit_whose_translation_was_edited_since_the_export(book_copy, tmp_path, capsys):
    path = _revised_and_translated(book_copy, tmp_path, capsys)
    replace(book_copy / "summary.yaml", "会談を行ったところ、概要は", "会談を行い、概要は")  # a desk officer's fix meanwhile
    before = snapshot(book_copy)
    status, _, err = run(capsys, "translations", "import", book_copy, path)
    assert status == 1 and "the ja translation was edited since this file was exported (at " in err
    assert "summary.yaml:5); importing would overwrite that edit" in err and snapshot(book_copy) == before


def it_exports_two_line_breaks_in_a_row_without_white_space_between(book_copy, tmp_path, capsys):
    # ET.indent once put the indentation between two placeholders: the source read back had changed.
    replace(book_copy / "summary.yaml", "The overview of the meeting is as follows.", "The overview of the meeting\\n\\nis as follows.")
    run(capsys, "translations", "mark-reviewed", book_copy, "--all")
    xliff, memory = tmp_path / "book.ja.xlf", tmp_path / "book.ja.tmx"
    assert run(capsys, "translations", "export", book_copy, "-l", "ja", "-o", xliff)[0] == 0
    assert run(capsys, "translations", "export", book_copy, "-l", "ja", "-o", memory, "--tmx")[0] == 0
    assert 'meeting<x id="lb1" ctype="lb" /><x id="lb2" ctype="lb" />is as follows.</source>' in xliff.read_text(encoding="utf-8")
    assert 'meeting<ph x="1" type="lb" /><ph x="2" type="lb" />is as follows.</seg>' in memory.read_text(encoding="utf-8")


def it_keeps_a_translation_stale_when_its_source_becomes_another_texts_source(book_copy, capsys):
    # "Overview" is the book's subtitle, reviewed in ja as 概要; the section "Summary" renamed so keeps ポイント.
    summary = book_copy / "summary.yaml"
    replace(summary, 'en: "Summary"', 'en: "Overview"')
    ja_line = line_of(summary, 'ja: "ポイント"')
    status, _, err = run(capsys, "check", book_copy)
    assert f"summary.yaml:{ja_line}: ja: stale translation (the en text changed since it was translated)" in err, err
