"""The translators' workflow: stale and missing translations found at their lines, status, mark-reviewed, XLIFF out and back."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.content import load_book
from briefing.translations.state import Assessment

from conftest import EPOCH, SAMPLE, in_three_locales, require_tool


@pytest.fixture
def book_copy(book_copy):
    """These tests follow the ja and ru translations: the sample narrowed to its first three locales."""
    return in_three_locales(book_copy)

OLD_EN = "On May 12, Prime Minister Taro Aso held talks"
NEW_EN = "On 12 May, Prime Minister Taro Aso held talks"
PARAGRAPH = "summary.yaml:blocks[0].paragraph"
NEW_JA = "5月12日、麻生太郎総理大臣は、ウラジーミル・ウラジーミロヴィチ・プーチン・ロシア連邦首相と会談を行った。概要は以下のとおりである。"
ECONOMIC_JA = "経済・実務分野については、両首脳は、ウラジオストクにおけるAPEC首脳会議の準備を含め、ロシア側の関心分野における互恵的な協力を進めていくことで一致した。"
ECONOMIC = "summary.yaml:blocks[2].section.blocks[0].bullets[4]"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def revised(book_copy):
    """A copy of the sample book whose first English paragraph has been revised."""
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    return book_copy


@pytest.fixture
def lacking(book_copy):
    """A copy of the sample book whose economic summary bullet has no Japanese yet."""
    summary = book_copy / "summary.yaml"
    line = line_of(summary, ECONOMIC_JA)
    lines = summary.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[line - 1]
    summary.write_text("".join(lines), encoding="utf-8")
    return book_copy


def run(capsys, *args) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# -- the sample book ------------------------------------------------------------------


def it_tracks_every_translation_of_the_sample_book_as_current(capsys):
    status, out, err = run(capsys, "check", "--strict", SAMPLE)
    assert status == 0 and err == "", err
    status, out, _ = run(capsys, "translations", "status", SAMPLE, "--json")
    report = json.loads(out)
    assert report["tracked"] and report["source_locale"] == "en"
    for locale in ("ja", "ru"):
        counts = report["locales"][locale]
        assert counts["stale"]["texts"] == counts["missing"]["texts"] == 0
        assert counts["translated"]["texts"] > 100 and counts["translated"]["words"] > 2000


# -- staleness ------------------------------------------------------------------------


def it_names_both_translations_of_a_revised_paragraph_as_stale_at_their_lines(revised, capsys):
    summary = revised / "summary.yaml"
    ja_line, ru_line = line_of(summary, "      ja: \"5月12日"), line_of(summary, "      ru: \"12\u00a0мая")
    status, out, err = run(capsys, "check", revised)
    assert status == 0
    assert f"{summary}:{ja_line}: ja: stale translation (the en text changed since it was translated)" in err
    assert f"{summary}:{ru_line}: ru: stale translation (the en text changed since it was translated)" in err
    assert "2 warning(s)" in out
    status, _, err = run(capsys, "check", "--strict", revised)
    assert status == 1 and f"{summary}:{ja_line}: ja: stale translation" in err and "nothing was written" in err


def it_counts_and_lists_stale_texts_in_status(revised, capsys):
    status, out, _ = run(capsys, "translations", "status", revised, "--list")
    assert status == 0
    assert re.search(r"ja: 107 translated \(\d+ words\), 1 stale \(28 words\), 0 missing", out), out
    assert f"summary.yaml:5: stale: {PARAGRAPH}" in out
    report = json.loads(run(capsys, "translations", "status", revised, "--json")[1])
    assert [item["path"] for item in report["locales"]["ru"]["list"]] == [PARAGRAPH]


def it_exports_only_the_needed_units_with_their_state_and_notes(revised, tmp_path, capsys):
    out = tmp_path / "book.ja.xlf"
    status, _, _ = run(capsys, "translations", "export", revised, "-l", "ja", "-o", out, "--only-needed")
    assert status == 0
    translate = pytest.importorskip("translate.storage.xliff")
    store = translate.xlifffile.parsefile(str(out))
    units = [u for u in store.units if u.xmlelement.get("id")]
    assert [u.xmlelement.get("id") for u in units] == [PARAGRAPH]
    unit = units[0]
    assert unit.source.startswith(NEW_EN) and unit.target.startswith("5月12日")
    assert unit.get_state_n() == translate.xliffunit.statemap["needs-review-translation"]
    notes = unit.getnotes()
    assert "summary.yaml:4" in notes and "Prime Minister Taro Aso = 麻生太郎総理大臣" in notes


def it_sees_every_unit_with_its_state_through_translate_toolkit(lacking, tmp_path, capsys):
    replace(lacking / "summary.yaml", OLD_EN, NEW_EN)
    out = tmp_path / "book.ja.xlf"
    assert run(capsys, "translations", "export", lacking, "-l", "ja", "-o", out)[0] == 0
    from translate.storage.xliff import xliffunit, xlifffile

    store = xlifffile.parsefile(str(out))
    states = {u.xmlelement.get("id"): u.get_state_n() for u in store.units if u.xmlelement.get("id")}
    assessment = Assessment(load_book(lacking))
    assert set(states) == {t.text.path for t in assessment.of("ja")}
    assert states[PARAGRAPH] == xliffunit.statemap["needs-review-translation"]
    assert states[ECONOMIC] == xliffunit.statemap["new"]
    assert sum(state == xliffunit.statemap["final"] for state in states.values()) == len(states) - 2
    approved = {u.xmlelement.get("id") for u in store.units if u.isapproved()}
    assert approved == set(states) - {PARAGRAPH, ECONOMIC}


def it_takes_back_targets_edited_through_translate_toolkit_and_clears_the_staleness(revised, tmp_path, capsys):
    out = tmp_path / "book.ru.xlf"
    run(capsys, "translations", "export", revised, "-l", "ru", "-o", out, "--only-needed")
    run(capsys, "translations", "export", revised, "-l", "ja", "-o", tmp_path / "book.ja.xlf", "--only-needed")
    from translate.storage.xliff import xlifffile

    unchanged_ru = load_book(revised).modules["summary"].blocks[0].text["ru"]  # still right: confirmed as it is
    for path, target in ((out, unchanged_ru), (tmp_path / "book.ja.xlf", NEW_JA)):
        store = xlifffile.parsefile(str(path))
        unit = next(u for u in store.units if u.xmlelement.get("id") == PARAGRAPH)
        unit.target = target
        unit.set_state_n(100)  # translated
        path.write_bytes(bytes(store))
    summary_before = (revised / "summary.yaml").read_text(encoding="utf-8")
    for path in (out, tmp_path / "book.ja.xlf"):
        status, printed, err = run(capsys, "translations", "import", revised, path)
        assert status == 0, err
        assert "1 newly recorded as reviewed" in printed
    summary = (revised / "summary.yaml").read_text(encoding="utf-8")
    assert f'      ja: "{NEW_JA}"' in summary
    # Only the one Japanese line changed; every other byte stayed.
    assert [l for l in summary_before.splitlines() if l not in summary.splitlines()] == [
        l for l in summary_before.splitlines() if l.startswith("      ja: \"5月12日")]
    status, _, err = run(capsys, "check", "--strict", revised)
    assert status == 0, err


def it_records_a_fix_by_hand_with_mark_reviewed_at_file_and_line(revised, capsys):
    summary = revised / "summary.yaml"
    replace(summary, "会談を行ったところ、概要は", "会談を行った。概要は")
    ja_line = line_of(summary, "      ja: \"5月12日")
    status, out, _ = run(capsys, "translations", "mark-reviewed", revised, f"summary.yaml:{ja_line}")
    assert status == 0 and "1 translation(s) recorded as reviewed (1 were stale)" in out
    status, _, err = run(capsys, "check", revised)
    assert "ja: stale" not in err and "ru: stale translation" in err
    status, out, _ = run(capsys, "translations", "mark-reviewed", revised, "-l", "ru", "--all")
    assert status == 0
    assert run(capsys, "check", "--strict", revised)[0] == 0


def it_keeps_a_translation_current_when_a_paragraph_inserted_before_it_shifts_its_path(book_copy, capsys):
    replace(book_copy / "summary.yaml", "blocks:\n", 'blocks:\n  - paragraph:\n      en: "A new opening."\n')
    status, _, err = run(capsys, "check", book_copy)
    assert err.count("missing translation") == 2 and "stale" not in err, err


def it_refuses_a_lock_of_another_book_or_a_malformed_one(book_copy, capsys):
    lock = book_copy / "translations.lock"
    replace(lock, "book 2009-05-12-japan-russia", "book another-book")
    replace(lock, " ja ", " jp ")
    lock.write_text(lock.read_text(encoding="utf-8") + "nonsense\n", encoding="utf-8")
    status, _, err = run(capsys, "check", book_copy)
    assert status == 1
    assert "the lock is for book 'another-book', not '2009-05-12-japan-russia'" in err
    assert "'jp' is not a translated locale of the book" in err and "not a translations lock line" in err
    assert run(capsys, "build", book_copy, "-l", "en", "-f", "pdf", "-o", book_copy / "out")[0] == 1


# -- missing translations -------------------------------------------------------------


def it_warns_of_a_missing_translation_and_builds_the_source_locale(lacking, tmp_path, capsys):
    summary = lacking / "summary.yaml"
    status, _, err = run(capsys, "check", lacking)
    line = line_of(summary, "      - en: \"With regard to the area of economic")
    assert status == 0 and f"{summary}:{line}: ja: missing translation" in err
    assert run(capsys, "check", "--strict", lacking)[0] == 1
    status, out, err = run(capsys, "build", lacking, "-l", "en", "-l", "ru", "-f", "pdf", "-o", tmp_path / "out", "-j", "1")
    assert status == 0, err


def it_refuses_to_build_a_locale_lacking_texts_unless_draft(lacking, tmp_path, capsys):
    summary = lacking / "summary.yaml"
    line = line_of(summary, "      - en: \"With regard to the area of economic")
    status, _, err = run(capsys, "build", lacking, "-l", "ja+en", "-f", "pdf", "-o", tmp_path / "out", "-j", "1")
    assert status == 1 and f"{summary}:{line}: ja: missing translation (build with --draft" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def it_marks_stale_and_missing_text_in_a_draft_of_both_formats(lacking, tmp_path, capsys):
    replace(lacking / "summary.yaml", OLD_EN, NEW_EN)
    from briefing.building.build import document_for
    from briefing.book.targets import Options
    from briefing.translations.commands import prepare_build

    book = prepare_build(load_book(lacking), ["ja"], draft=True)
    assert "ja: 1 stale, 1 missing translation(s) (marked in the draft)" in capsys.readouterr().err
    blocks = document_for(book, "ja", Options(draft=True)).blocks
    paragraphs = [b for b in blocks if type(b).__name__ == "Paragraph"]
    assert paragraphs[0].state == "stale" and paragraphs[0].text.startswith("5月12日")
    items = [i for b in blocks if type(b).__name__ == "List" for i in b.items]
    missing = [i for i in items if i.state == "missing"]
    assert [i.text for i in missing] == ["With regard to the area of economic and practical matters, both leaders "
                                         "agreed to advance mutually beneficial cooperation in the areas of interest "
                                         "of the Russian side, including preparations for the APEC Summit in Vladivostok."]
    assert all("\ufdd0" not in b.text and "\ufdd1" not in b.text for b in paragraphs)
    out = tmp_path / "out"
    status, _, err = run(capsys, "build", lacking, "-l", "ja", "-o", out, "--draft", "-j", "1")
    assert status == 0, err
    import zipfile

    document = zipfile.ZipFile(out / "book.ja.docx").read("word/document.xml").decode("utf-8")
    assert re.search(r'<w:highlight w:val="yellow"/>.*?5月12日', document)
    assert re.search(r'<w:highlight w:val="cyan"/>.*?With regard to the area of economic', document)
    pdftoppm = require_tool("pdftoppm")
    subprocess.run([pdftoppm, "-png", "-r", "30", "-f", "2", "-l", "2", str(out / "book.ja.pdf"), str(tmp_path / "page")],
                   check=True)
    from PIL import Image

    page = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    colours = {colour for _, colour in page.getcolors(maxcolors=1 << 24)}
    assert (255, 255, 0) in colours and (0, 255, 255) in colours


# -- XLIFF import refusals ----------------------------------------------------------------


def exported(book: Path, tmp_path: Path, capsys, locale: str = "ja") -> str:
    out = tmp_path / f"book.{locale}.xlf"
    assert run(capsys, "translations", "export", book, "-l", locale, "-o", out)[0] == 0
    return out.read_text(encoding="utf-8")


def refused(book: Path, tmp_path: Path, capsys, xml: str | bytes, *expected: str) -> None:
    path = tmp_path / "returned.xlf"
    path.write_bytes(xml if isinstance(xml, bytes) else xml.encode("utf-8"))
    before = snapshot(book)
    status, out, err = run(capsys, "translations", "import", book, path)
    assert status == 1, (out, err)
    for message in expected:
        assert message in err, err
    assert "Traceback" not in err and snapshot(book) == before


def it_refuses_a_doctype_and_entities(book_copy, tmp_path, capsys):
    xml = exported(book_copy, tmp_path, capsys)
    bomb = xml.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                       '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n')
    refused(book_copy, tmp_path, capsys, bomb.replace("5月12日", "&b;5月12日"), "has a DOCTYPE")
    external = xml.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                           '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "file:///etc/passwd">\n')
    refused(book_copy, tmp_path, capsys, external, "has a DOCTYPE")


def it_refuses_what_is_not_xliff_or_too_big(book_copy, tmp_path, capsys):
    refused(book_copy, tmp_path, capsys, "not xml at all", "not XML")
    refused(book_copy, tmp_path, capsys, '<?xml version="1.0"?><html/>', "not an XLIFF 1.2 file (root <html>)")
    refused(book_copy, tmp_path, capsys, b"<a>" + b" " * (17 * 1024 * 1024) + b"</a>", "larger than 16 MiB")


def it_refuses_a_file_of_another_book_or_locale(book_copy, tmp_path, capsys):
    xml = exported(book_copy, tmp_path, capsys)
    refused(book_copy, tmp_path, capsys, xml.replace('original="2009-05-12-japan-russia"', 'original="other"'),
            "the file is for book 'other', not '2009-05-12-japan-russia'")
    refused(book_copy, tmp_path, capsys, xml.replace('target-language="ja"', 'target-language="en"'),
            "target language 'en' is not one of the book's translated locales (ja, ru)")


def it_refuses_duplicate_and_unknown_ids_with_their_unit(book_copy, tmp_path, capsys):
    xml = exported(book_copy, tmp_path, capsys)
    start = xml.index("<trans-unit")
    unit = xml[start:xml.index("</trans-unit>", start) + len("</trans-unit>")]
    first_id = re.search(r'id="([^"]+)"', unit).group(1)
    source = re.search(r"<source>([^<]*)</source>", unit).group(1)
    unknown = unit.replace(f'id="{first_id}"', 'id="summary.yaml:blocks[99].paragraph"').replace(source, "Not in the book.")
    same = unit.replace(f'id="{first_id}"', 'id="summary.yaml:blocks[98].paragraph"')
    refused(book_copy, tmp_path, capsys, xml.replace(unit, "\n".join((unit, unit, unknown, same))),
            "duplicate id (first at line", "trans-unit 'summary.yaml:blocks[99].paragraph': the book has no such text",
            "trans-unit 'summary.yaml:blocks[98].paragraph': the same text as the trans-unit at line")


def it_refuses_a_target_whose_source_changed_meanwhile(book_copy, tmp_path, capsys):
    xml = exported(book_copy, tmp_path, capsys).replace("概要は以下のとおりである。", "概要は次のとおり。")
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    refused(book_copy, tmp_path, capsys, xml, f"trans-unit '{PARAGRAPH}': the en text changed since this file was exported")


def it_refuses_a_missing_or_foreign_placeholder(book_copy, tmp_path, capsys):
    replace(book_copy / "summary.yaml", "The overview of the meeting is as follows.",
            "The overview of the meeting\\nis as follows.")
    run(capsys, "translations", "mark-reviewed", book_copy, "--all")
    xml = exported(book_copy, tmp_path, capsys)
    assert 'meeting<x id="lb1" ctype="lb" />is as follows.' in xml
    unit_start = xml.index(f'id="{PARAGRAPH}"')
    target_at = xml.index("<target", unit_start)
    broken = xml[:target_at] + xml[target_at:].replace('<target state="final">', '<target state="final"><g id="1">x</g>', 1)
    refused(book_copy, tmp_path, capsys, broken, "<g> is not a placeholder of this file")
    missing = xml[:target_at] + xml[target_at:].replace("概要は", "概要\nは", 1)
    refused(book_copy, tmp_path, capsys, missing.replace("である。</target>", "です。</target>", 1),
            f"trans-unit '{PARAGRAPH}': placeholder 'lb1' missing")


def it_prints_the_changes_and_writes_nothing_on_a_dry_run(revised, tmp_path, capsys):
    xml = exported(revised, tmp_path, capsys).replace("会談を行ったところ、概要は", "会談を行った。概要は")
    path = tmp_path / "returned.xlf"
    path.write_text(xml, encoding="utf-8")
    before = snapshot(revised)
    status, out, _ = run(capsys, "translations", "import", revised, path, "--dry-run")
    assert status == 0 and "summary.yaml:5: ja: " in out and "nothing written (--dry-run)" in out
    assert snapshot(revised) == before


# -- OmegaT, a CAT tool --------------------------------------------------------------------

OMEGAT_PROJECT = """\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>ja</target_lang>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def tmx(pairs: list[tuple[str, str]]) -> str:
    from xml.sax.saxutils import escape

    units = "".join(f'<tu><tuv xml:lang="en"><seg>{escape(en)}</seg></tuv><tuv xml:lang="ja"><seg>{escape(ja)}</seg></tuv></tu>\n'
                    for en, ja in pairs)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" '
            'creationtoolversion="1" segtype="paragraph" o-tmf="none" adminlang="en" srclang="en" '
            f'datatype="plaintext"/><body>\n{units}</body></tmx>\n')


def it_goes_through_omegat_and_back(lacking, tmp_path, capsys):
    omegat = require_tool("omegat")
    replace(lacking / "summary.yaml", OLD_EN, NEW_EN)
    project = tmp_path / "omegat"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    status, _, err = run(capsys, "translations", "export", lacking, "-l", "ja", "-o", project / "source" / "book.ja.xlf",
                         "--only-needed", "--copy-source")
    assert status == 0, err
    english = load_book(lacking).modules["summary"]
    sources = [english.blocks[0].text["en"], english.blocks[2].blocks[0].items[4].text["en"]]
    (project / "tm" / "auto" / "memory.tmx").write_text(tmx(list(zip(sources, [NEW_JA, ECONOMIC_JA]))), encoding="utf-8")
    result = subprocess.run([omegat, "--mode=console-translate", str(project)], capture_output=True, text=True,
                            timeout=300, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH})
    translated = project / "target" / "book.ja.xlf"
    assert result.returncode == 0 and translated.exists(), result.stdout[-2000:] + result.stderr[-2000:]
    status, out, err = run(capsys, "translations", "import", lacking, translated)
    assert status == 0, err
    assert "changed 2 ja text(s); 2 newly recorded as reviewed" in out
    book = load_book(lacking)
    assert book.modules["summary"].blocks[0].text["ja"] == NEW_JA
    assert book.modules["summary"].blocks[2].blocks[0].items[4].text["ja"] == ECONOMIC_JA
    status, _, err = run(capsys, "check", "--strict", lacking, )
    assert status == 1 and err.count("ru: stale translation") == 1 and "ja:" not in err.replace("ja+", "")


def it_says_a_book_without_a_lock_tracks_nothing_yet_and_starts_tracking_on_request(book_copy, capsys):
    (book_copy / "translations.lock").unlink()
    status, out, _ = run(capsys, "translations", "status", book_copy)
    assert status == 0 and "not tracked yet" in out
    replace(book_copy / "summary.yaml", OLD_EN, NEW_EN)
    assert "stale" not in run(capsys, "check", book_copy)[2]
    status, out, _ = run(capsys, "translations", "mark-reviewed", book_copy, "--all")
    assert status == 0 and (book_copy / "translations.lock").exists()
    assert run(capsys, "check", "--strict", book_copy)[0] == 0


def it_refuses_to_mark_reviewed_a_place_without_a_translation(lacking, capsys):
    before = snapshot(lacking)
    line = line_of(lacking / "summary.yaml", "      - en: \"With regard to the area of economic")
    status, _, err = run(capsys, "translations", "mark-reviewed", lacking, f"summary.yaml:{line}", "summary.yaml:9999",
                         ECONOMIC, "-l", "ja")
    assert status == 1 and f"summary.yaml:{line}: the line holds the en text of {ECONOMIC}, not a translation" in err
    assert "ja: no translation to mark reviewed" in err and "summary.yaml:9999: no translated text there" in err
    assert snapshot(lacking) == before


def it_leaves_cells_typed_once_for_every_locale_out_of_the_lock(tmp_path, capsys):
    # The second sample book's table has year cells written once for every locale: no content path, nothing
    # to translate. mark-reviewed --all once wrote them as lock lines without a path, which no reader accepted.
    book = tmp_path / "book"
    shutil.copytree(SAMPLE.parent / "2010-11-19-japan-mongolia", book)
    assert main(["translations", "mark-reviewed", str(book), "--all"]) == 0
    assert main(["translations", "status", str(book)]) == 0
    assert all(line.split(" ")[0] for line in (book / "translations.lock").read_text().splitlines()[2:]
               if not line.startswith("#"))
