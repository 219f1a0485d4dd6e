"""`briefing translations status|mark-reviewed|export|import`, and what `check` and `build` ask of the translations."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from briefing.book import model
from briefing.errors import InvalidInput, Problem
from briefing.translations.lock import FILE_NAME, render_lock
from briefing.translations.state import MISSING, STALE, STATES, TRANSLATED, Assessment

# -- check and build ------------------------------------------------------------


def check_warnings(book: model.Book) -> list[Problem]:
    """What `check` warns about (errors with --strict): stale and missing translations, glossary terms not kept."""
    from briefing.translations.glossary import glossary_problems

    assessment = Assessment(book)
    assessment.raise_lock_problems()
    return sorted(assessment.warnings() + glossary_problems(book), key=lambda p: (p.file, p.line, p.message))


def prepare_build(book: model.Book, locales: list[str], draft: bool) -> model.Book:
    """Before a build: counts per locale on stderr; a locale lacking texts fails unless --draft, which marks them.

    Returns the book to build: with --draft, stale and missing translations carry state marks.
    """
    from briefing.translations.draft import marked_book

    assessment = Assessment(book)
    assessment.raise_lock_problems()
    wanted = tuple(dict.fromkeys(part for locale in locales for part in locale.split("+") if part in assessment.targets))
    problems = []
    for locale in wanted:
        counts = assessment.counts(locale)
        if counts[STALE][0] or counts[MISSING][0]:
            print(f"briefing: {locale}: {counts[STALE][0]} stale, {counts[MISSING][0]} missing translation(s)"
                  + (" (marked in the draft)" if draft else ""), file=sys.stderr)
        if not draft:
            for translation in assessment.of(locale, MISSING):
                file, line = translation.where()
                problems.append(Problem(file, line, f"{locale}: missing translation (build with --draft to stand "
                                                    f"the {assessment.source_locale} text in, marked)"))
    if problems:
        raise InvalidInput(problems)
    if assessment.lock.exists:  # the lock decides what a draft marks: an input of the build
        book = dataclasses.replace(book, source_files=(*book.source_files, str(assessment.folder / FILE_NAME)))
    return marked_book(book, assessment, wanted) if draft else book


# -- the subcommands ------------------------------------------------------------


def status(book: model.Book, locales: list[str] | None, listing: bool, as_json: bool) -> int:
    assessment = Assessment(book)
    assessment.raise_lock_problems()
    wanted = _locales(assessment, locales)
    report = {"book": book.id, "source_locale": assessment.source_locale, "tracked": assessment.lock.exists,
              "locales": {}}
    for locale in wanted:
        counts = assessment.counts(locale)
        entry = {state: {"texts": texts, "words": words} for state, (texts, words) in counts.items()}
        if listing or as_json:
            entry["list"] = [{"state": t.state, "file": t.where()[0], "line": t.where()[1], "path": t.text.path,
                              "reason": t.reason} for t in assessment.of(locale, STALE, MISSING)]
        report["locales"][locale] = entry
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{book.id}: translations from {assessment.source_locale}"
          + ("" if assessment.lock.exists else f" (not tracked yet: no {FILE_NAME}; "
                                               "`briefing translations mark-reviewed BOOK --all` starts it)"))
    for locale, entry in report["locales"].items():
        shown = ", ".join(f"{entry[state]['texts']} {state} ({entry[state]['words']} words)" for state in STATES)
        print(f"  {locale}: {shown}")
        for item in entry.get("list", []):
            print(f"    {item['file']}:{item['line']}: {item['state']}: {item['path']}")
    return 0


def mark_reviewed(book: model.Book, places: list[str], locales: list[str] | None, everything: bool) -> int:
    """Records the current source fingerprint of the named translations (FILE:LINE or content paths), or of all.

    A FILE:LINE names the translation written on that line, never the
    source's line (that would be every locale of the text, stale ones too); a
    content path names the text, so it needs -l to say which translations.
    """
    assessment = Assessment(book)
    assessment.raise_lock_problems()
    wanted = _locales(assessment, locales)
    chosen = {}
    problems = []
    if everything:
        chosen = {(t.text.path, t.locale): t for t in assessment.translations if t.locale in wanted and t.state != MISSING}
    for place in places:
        found, why = _named(assessment, place, wanted, bool(locales))
        if why:
            problems.append(Problem("<command line>", 1, f"{place}: {why}"))
        for translation in found:
            if translation.state == MISSING:
                file, line = translation.where()
                problems.append(Problem(file, line, f"{translation.locale}: no translation to mark reviewed"))
            else:
                chosen[(translation.text.path, translation.locale)] = translation
    if problems:
        raise InvalidInput(problems)
    reviewed = {key: t.text.by_locale[t.locale] for key, t in chosen.items()}
    _write_lock(assessment, reviewed)
    newly = sum(1 for t in chosen.values() if t.state == STALE)
    print(f"{assessment.lock.file}: {len(chosen)} translation(s) recorded as reviewed ({newly} were stale)")
    return 0


def _named(assessment: Assessment, place: str, wanted: tuple[str, ...], locale_given: bool):
    """The translations a place names, or why it names none (the reason is then a refusal)."""
    of_text = [t for t in assessment.translations if t.locale in wanted and t.text.path == place]
    if of_text:
        if not locale_given and len(assessment.targets) > 1:
            return [], (f"a content path names the text in every locale ({', '.join(assessment.targets)}); "
                        "say which with -l LOCALE")
        return of_text, ""
    file, _, number = place.rpartition(":")
    if not number.isdigit():
        return [], "not FILE:LINE of a translation, nor a content path"
    line = int(number)
    here = [t for t in assessment.translations if Path(file).name == Path(t.text.file).name]
    on_line = [t for t in here if t.text.lines.get(t.locale) == line]
    sources = [t.text for t in here if t.text.lines.get(assessment.source_locale, t.text.line) == line]
    if sources and on_line and not locale_given:
        return [], (f"the line holds the {assessment.source_locale} text and its translations together; "
                    "say which with -l LOCALE")
    found = [t for t in on_line if t.locale in wanted]
    if found:
        return found, ""
    if sources:
        text = sources[0]
        others = ", ".join(f"{locale} at :{text.lines[locale]}" for locale in wanted if locale in text.lines)
        return [], (f"the line holds the {assessment.source_locale} text of {text.path}, not a translation; "
                    f"give the line of the translation ({others or 'it has none yet'})")
    if on_line or any(t.text.line == line for t in here):
        return [], f"no {'/'.join(wanted)} translation on that line"
    return [], "no translated text there (give FILE:LINE of a translation, or a content path with -l)"


def export(book: model.Book, locale: str, output: Path, only_needed: bool, copy_source: bool = False,
           tmx: bool = False) -> int:
    from briefing.safety.output import Staging
    from briefing.translations.tmx import memory
    from briefing.translations.xliff import export as xliff

    assessment = Assessment(book)
    assessment.raise_lock_problems()
    if locale not in assessment.targets:
        raise InvalidInput([Problem("<command line>", 1, f"-l {locale}: not a translated locale of the book "
                                                         f"({', '.join(assessment.targets) or 'none'})")])
    if tmx and (only_needed or copy_source):
        raise InvalidInput([Problem("<command line>", 1, "--tmx writes the book's memory of reviewed translations; "
                                                         "--only-needed and --copy-source are for XLIFF")])
    data = memory(assessment, locale) if tmx else xliff(assessment, locale, only_needed, copy_source)
    with Staging() as staging:
        staging.stage(output, lambda temporary: Path(temporary).write_bytes(data))
        staging.commit()
    if tmx:
        pairs = data.count(b"<tu>")
        print(f"{output}: a memory of {pairs} reviewed translation(s), {book.id} {assessment.source_locale} → {locale}")
        return 0
    units = sum(1 for t in assessment.of(locale) if not only_needed or t.state != "translated")
    print(f"{output}: {units} trans-unit(s), {book.id} {assessment.source_locale} → {locale}")
    return 0


def import_(book: model.Book, xliff_file: Path, dry_run: bool) -> int:
    from briefing.content.edit import ContentEdits, EditError
    from briefing.translations.xliff import read_returned

    assessment = Assessment(book)
    assessment.raise_lock_problems()
    shown = str(xliff_file)
    from briefing.safety import guarded

    try:
        data = guarded.read(xliff_file, "XLIFF file").data  # a pipe, a device: refused at once
    except guarded.Refused as refused:
        raise InvalidInput([Problem(shown, 1, str(refused))]) from None
    locale, returned, copies = read_returned(data, shown, assessment)
    _refuse_untranslated_copy(assessment, locale, copies, shown)
    from briefing.safety.incoming import undrawable  # the glyph rule check applies, at the door

    undrawn = undrawable((unit, locale, unit.target) for unit in returned)
    if undrawn:
        raise InvalidInput([Problem(shown, unit.line, f"trans-unit {unit.path!r}: {why}") for unit, why in undrawn])
    edits = ContentEdits(assessment.folder, book.locales)
    reviewed: dict[tuple[str, str], str] = {}
    states = {t.text.path: t.state for t in assessment.of(locale)}
    newly = 0
    problems = []
    for unit in returned:
        try:
            change = edits.set_text(unit.path, locale, unit.target)
        except EditError as error:
            problems.append(Problem(shown, unit.line, f"trans-unit {unit.path!r}: {error}"))
            continue
        if change is not None:  # the content file as every other message names it: in the book's folder as given
            print(dataclasses.replace(change, file=str(assessment.folder / change.file)))
        if unit.done:
            reviewed[(unit.path, locale)] = unit.target
            newly += change is not None or states[unit.path] != TRANSLATED
    if problems:
        raise InvalidInput(problems)
    lock = render_lock(book.id, assessment.source_locale, assessment.records(reviewed))
    lock_path = assessment.folder / FILE_NAME
    before = lock_path.read_bytes() if lock_path.exists() else None
    also = {lock_path: lock} if lock != before else {}
    if not dry_run and (edits.changes or also):
        edits.apply(also)
    verb = "would change" if dry_run else "changed"
    untranslated = (f"; {len(copies)} unit(s) whose target is still the {assessment.source_locale} text not taken "
                    "(never a translation)") if copies else ""
    print(f"{shown}: {verb} {len(edits.changes)} {locale} text(s); {newly} newly recorded as reviewed{untranslated}"
          + ("; nothing written (--dry-run)" if dry_run else ""))
    return 0


def _refuse_untranslated_copy(assessment: Assessment, locale: str, copies, shown: str) -> None:
    """Refuses a file that would put the source text over more than a handful of reviewed translations.

    Such a target is never taken; but so many say the file is an untranslated
    copy (an unchanged --copy-source export, a CAT tool run without the
    previous memory), and the translator should know before anything is
    recorded from it.
    """
    from briefing.translations.xliff import HANDFUL, same_text

    source = assessment.source_locale
    states = {t.text.path: t.state for t in assessment.of(locale)}
    over = [unit for unit in copies if states.get(unit.path) == TRANSLATED and unit.current is not None
            and not same_text(unit.current, unit.target)]
    for unit in over if len(over) <= HANDFUL else ():
        text = assessment.by_path[unit.path]
        print(f"{text.file}:{text.lines.get(locale, text.line)}: {locale}: the file's target is the {source} text; "
              "the reviewed translation stays", file=sys.stderr)
    if len(over) <= HANDFUL:
        return
    problems = []
    for unit in over:
        text = assessment.by_path[unit.path]
        problems.append(Problem(shown, unit.line, f"trans-unit {unit.path!r}: the target is the {source} text; it "
                                                  f"would replace the reviewed {locale} translation at "
                                                  f"{text.file}:{text.lines.get(locale, text.line)}"))
    problems.append(Problem(shown, 1, f"{len(over)} reviewed {locale} translations would be replaced by their {source} "
                                      f"text: this file is an untranslated copy (an unchanged --copy-source export, "
                                      "or a CAT tool run without the previous memory). Translate it, giving the CAT "
                                      "tool the book's memory (`briefing translations export BOOK -l "
                                      f"{locale} --tmx -o memory.tmx`), then import it again"))
    raise InvalidInput(problems)


def _write_lock(assessment: Assessment, reviewed: dict[tuple[str, str], str]) -> None:
    from briefing.safety.output import Staging

    data = render_lock(assessment.book.id, assessment.source_locale, assessment.records(reviewed))
    with Staging() as staging:
        staging.stage(assessment.folder / FILE_NAME, lambda temporary: Path(temporary).write_bytes(data))
        staging.commit()


def _locales(assessment: Assessment, locales: list[str] | None) -> tuple[str, ...]:
    if not locales:
        return assessment.targets
    unknown = [l for l in locales if l not in assessment.targets]
    if unknown:
        raise InvalidInput([Problem("<command line>", 1, f"-l {', '.join(unknown)}: not a translated locale of the book "
                                                         f"({', '.join(assessment.targets) or 'none'})")])
    return tuple(dict.fromkeys(locales))
