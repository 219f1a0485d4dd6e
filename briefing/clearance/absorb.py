"""`briefing absorb BOOK DRAFT.docx`: a Word draft's edits, decided tracked changes and comments, written back into the content.

The reader (`briefing/readers/docx.py`) says what each traced text of the draft
now reads; this module compares it with the snapshot the draft was built from
and with the content as it is now (a three-way merge), plans every change
through `briefing/content/edit.py`, checks the edited book loads, and writes
the content files and the translations lock together, or nothing.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from briefing import tree
from briefing.clearance import draft_blocks as blocks
from briefing.clearance import draft_texts as texts_now
from briefing.book import model
from briefing.clearance.revisions import by as _by
from briefing.errors import InvalidInput, Problem


GENERATED = {
    "date": "the date comes from `date:` (and `end_date:`)",
    "subtitle": "the subtitle is `subtitle:` of book.yaml",
    "table": "a table cell",
    "detail": "a register entry's detail line is composed from the document's facts",
    "entry": "a register entry",
    "heading": "a heading the templates compose",
    "contents": "the contents",
    "caption": "a caption",
    "source": "a table's source note",
    "meta": "a line of the title page composed by the templates",
}


# A data table's caption, header, cells and source note are traced near their own content path
# (briefing/writers/docx/trace.py): an edit of one is refused at its own line, not the text above the table.
TABLE_PARTS = {"caption": "a table's caption", "table": "a table cell", "source": "a table's source note"}


@dataclass(frozen=True)
class Choices:
    """What the user decided on the command line."""

    dry_run: bool = False
    accept_all: bool = False
    reject_all: bool = False
    accept_authors: tuple[str, ...] = ()
    keep_draft: bool = False
    keep_content: bool = False
    comments_to_yaml: bool = False
    skip_unmapped: bool = False


def absorb(book: model.Book, draft_path: Path, choices: Choices, out=None) -> int:
    out = out or sys.stdout
    from briefing.content.edit import ContentEdits, EditError
    from briefing.readers.docx import Draft, DraftError
    from briefing.translations.state import Assessment, book_folder

    shown = str(draft_path)
    try:
        draft = Draft(draft_path)
    except DraftError as error:
        raise InvalidInput([Problem(shown, getattr(error, "line", 1), str(error))]) from None
    except OSError as error:
        raise InvalidInput([Problem(shown, 1, f"cannot read: {error.strerror or error}")]) from None
    snapshot = draft.snapshot
    if snapshot.book != book.id:
        raise InvalidInput([Problem(shown, 1, f"a draft of another book ({snapshot.book!r}), not of {book.id!r}: "
                                              "refused")])
    assessment = Assessment(book)
    assessment.raise_lock_problems()
    source_locale = assessment.source_locale
    locale_of = _locales_by_tag(book)
    unknown = [tag for tag in snapshot.languages if tag not in locale_of]
    if unknown:
        raise InvalidInput([Problem(shown, 1, f"the draft is in {', '.join(unknown)}, which the book does not declare")])
    texts = {text.path: text for text in _book_texts(book)}
    folder = book_folder(book)
    from briefing.safety import incoming  # the rules for what comes in from the draft (briefing/safety/incoming.py)

    def where(path: str, locale: str | None = None) -> tuple[str, int]:
        text = texts.get(path)
        if text is None:  # no text (a table's row): the line its YAML node starts on
            from briefing.content.yaml_places import line_in_book

            return str(folder / path.partition(":")[0]), line_in_book(folder, path)  # the book's path as given
        return text.file, text.lines.get(locale, text.line) if locale else text.line

    def place(path: str, locale: str | None = None) -> str:
        return "{}:{}".format(*where(path, locale))

    # -- tracked changes: decided by the user's choices, each listed at its place ---------------
    from briefing.clearance.revisions import decide_revisions

    everything, original, reading, undecided_problems = decide_revisions(draft, choices, shown, place, locale_of, out)
    records = snapshot.records
    if not original.found:
        raise InvalidInput([Problem(shown, 1, "none of the bookmarks that trace the draft's texts is left (was it "
                                              "copied into another document?): refused")])

    # -- what changed, against the snapshot and the content as it is now ------------------
    from briefing.content.fingerprint import content_fingerprint

    content_changed = snapshot.content != content_fingerprint(book.source_files)
    if content_changed:
        print(f"{shown}: the content changed since this draft was built: merging three ways", file=out)
    current = texts_now.current_texts(book, assessment, tuple(locale_of[tag] for tag in snapshot.languages))
    lost: dict[tuple[str, str], str] = {}
    originals = records
    if content_changed:
        from briefing.clearance.relocate import relocate

        records, lost = relocate(records, current, locale_of)  # each text where its words are now
    # A text the content lost since the draft was built is refused below with what to do, not as a forgery.
    placed = {key: record for key, record in records.items() if (record.path, record.language) not in lost}
    forged = incoming.forged_records(placed, texts, {path for path, _ in current})
    if forged:
        raise InvalidInput([Problem(shown, 1, f"{why}: a forged or damaged draft, refused") for _, why in forged])
    unmapped: list[Problem] = []
    conflicts: list[Problem] = []

    def unmappable(paragraph: int, message: str, near: str | None) -> None:
        nearest = f" (nearest: {near})" if near else ""
        unmapped.append(Problem(shown, paragraph, message + nearest))

    groups: dict[tuple[str, str], list] = {}  # by the path the draft knows (lost texts keep theirs)
    for record in originals.values():
        if record.kind == "text":
            groups.setdefault((record.path, record.language), []).append(record)
        else:
            found = reading.found.get(record.id)
            if found is None or found.text != record.text:
                now = "(deleted)" if found is None else _q(found.text)
                if record.kind in TABLE_PARTS and ".table." in record.path:  # a data table's own text
                    unmappable(found.paragraph if found else 1,
                               f"{TABLE_PARTS[record.kind]} edited in the draft ({_q(record.text)} → {now}): a table "
                               f"is not taken back from a draft; change it in "
                               f"{place(record.path, locale_of.get(record.language))}", None)
                    continue
                unmappable(found.paragraph if found else 1,
                           f"generated text ({GENERATED.get(record.kind, record.kind)}): {_q(record.text)} → {now} "
                           f"is not content; change it in {place(record.path)} instead", None)

    # The contents as they would read with the draft's own headings (a word processor may have updated them).
    by_text = {(r.path, r.language): r for r in records.values() if r.kind == "text" and r.part == 0}
    updated = "\n".join(
        (by_text[(path, language)].prefix + reading.found[by_text[(path, language)].id].text)
        if (path, language) in by_text and by_text[(path, language)].id in reading.found else text
        for path, language, text in snapshot.contents)
    for kind, text in snapshot.furniture.items():
        seen = _skeleton(reading.furniture.get(kind, ""))
        if seen != _skeleton(text) and not (kind == "contents" and seen == _skeleton(updated)):
            hint = {"header": "the running head is the book's short title and date: change `short_title:` in "
                              f"{place(book.short_title.path)}",
                    "footer": "the footer is generated: page numbers and the marking (`classification:`)",
                    "contents": "the contents list the headings: change a heading's text where it stands"}[kind] \
                if kind in ("header", "footer", "contents") else ""
            unmappable(1, f"generated text ({kind}) was edited; {hint} instead", None)

    # Traced texts in the order the snapshot has them: a text found before one it used to follow was moved.
    for language in snapshot.languages:
        highest = 0
        for record in records.values():
            found = reading.found.get(record.id)
            if record.kind != "text" or record.language != language or found is None or not found.text.strip():
                continue
            if found.paragraph < highest:
                unmappable(found.paragraph, f"a moved text ({_q(found.text)}): moving blocks is not taken back; "
                                            "move it in the content", place(record.path, locale_of[language]))
            highest = max(highest, found.paragraph)

    if len(snapshot.languages) > 1:
        # A bilingual draft: each language has its column; a text found in the other one was moved there.
        columns: dict[str, list] = {}
        for record in originals.values():
            if record.kind == "text" and record.id in reading.found:
                columns.setdefault(record.language, []).append(reading.found[record.id].column)
        usual = {language: max(set(seen), key=seen.count) for language, seen in columns.items()}
        for record in originals.values():
            found = reading.found.get(record.id)
            if record.kind == "text" and found is not None and found.column != usual.get(record.language):
                unmappable(found.paragraph, f"a text moved out of its column ({_q(found.text)}): moving blocks is "
                                            "not taken back; move it back, or move it in the content",
                           place(records[record.id].path, locale_of[record.language]))

    withheld: set[tuple[str, str]] = set()  # (path as the draft knows it, language): left as they are, unclear
    for paragraph, name, why in reading.ambiguous:
        record = records[name]
        withheld.add((originals[name].path, record.language))
        unmappable(paragraph, f"{why}; make the edit in the content, or retype it in a draft built afresh",
                   place(record.path, locale_of[record.language]))

    for paragraph, first, second in reading.joined:
        unmappable(paragraph, "two paragraphs were joined into one: not taken back; keep them apart in the draft",
                   place(records[first].path, locale_of[records[first].language]))

    planned_texts: list[tuple[str, str, str, str]] = []  # (path, locale, old value, new value)
    removals: dict[str, tuple[int, str]] = {}  # item path -> (paragraph, place)
    removed_texts: dict[str, str] = {}  # the text of a removed item -> its path: found again elsewhere, a move
    edited_paths: dict[str, str] = {}  # path -> locale, for texts changed in the draft
    deleted: dict[str, dict] = {}  # path -> {language: (paragraph, text as built, records)}: emptied in the draft
    for (known, language), parts in groups.items():
        if (known, language) in withheld:
            continue
        locale = locale_of[language]
        parts = sorted(parts, key=lambda r: r.part)
        path = records[parts[0].id].path
        if (known, language) in lost:
            found = [reading.found.get(r.id) for r in parts]
            now = tree.PARAGRAPH_BREAK.join(item.text.strip() for item in found if item is not None and
                                            item.text.strip())
            built = tree.PARAGRAPH_BREAK.join(r.text for r in parts)
            already = {text for (_, other), text in current.items() if other == locale}
            if now != built and not (now in already if now else built not in already):
                # (A draft absorbed before: its edit already stands in the content, its deletion already made.)
                unmappable(blocks.draft_paragraph(parts[0].id, originals, reading),
                           f"{locale}: an edit to {_q(built)}, {lost[(known, language)]}", None)
            continue
        base = tree.PARAGRAPH_BREAK.join(r.text for r in parts)
        found = [reading.found.get(r.id) for r in parts]
        for record, item in zip(parts, found):
            if item is not None and item.prefix != record.prefix:
                unmappable(item.paragraph, f"generated text: the label {_q(record.prefix.strip())} became "
                                           f"{_q(item.prefix.strip())}; labels and markers come from the numbering "
                                           "convention and the register's facts, not from content",
                           place(path, locale))
            if item is not None and not item.suffix_ok:
                unmappable(item.paragraph, f"generated text: the flag {_q(record.suffix.strip())} was edited; it "
                                           "comes from the document's facts", place(path, locale))
        # White space a word processor leaves at either end of a paragraph is not an edit.
        present = [item.text.strip() for item in found if item is not None and item.text.strip()]
        paragraph = next((item.paragraph for item in found if item is not None), None) or \
            blocks.draft_paragraph(parts[0].id, originals, reading)
        if not present:
            deleted.setdefault(path, {})[language] = (paragraph, base, parts)
            continue
        now = tree.PARAGRAPH_BREAK.join(" ".join(text.split()) if "\n" in text else text for text in present)
        if now == base:
            continue
        edited_paths[path] = locale
        content_now = current.get((path, locale))
        merged = None
        if content_now is not None and content_now != base and content_now != now:
            from briefing.clearance.merge import merge_words

            merged = merge_words(base, now, content_now)
        if merged is not None:
            print(f"{place(path, locale)}: {locale}: the draft's and the content's edits touch different words: "
                  "both kept", file=out)
            now = merged
        elif content_now is not None and content_now != base and content_now != now:
            if choices.keep_content:
                print(f"{place(path, locale)}: {locale}: kept the content's {_q(content_now)} over the draft's "
                      f"{_q(now)} (--keep-content)", file=out)
                continue
            if not choices.keep_draft:
                conflicts.append(Problem(*where(path, locale), f"{locale}: the same words changed in the draft and "
                                                               f"in the content since it was built: --keep-draft "
                                                               f"writes the draft's {_whole(now)}, --keep-content "
                                                               f"keeps the content's {_whole(content_now)}; built "
                                                               f"from {_whole(base)}"))
                continue
        if content_now == now:
            continue  # the content already says it
        raw = texts[path].by_locale.get(locale) if path in texts and not any(r.state == "missing" for r in parts) \
            else None
        # The YAML renders as the content's text now, which is the draft's base only when the content kept it.
        planned_texts.append((path, locale, raw, texts_now.carried(raw, base if content_now is None else content_now, now)))

    source_tag = next((tag for tag, name in locale_of.items() if name == source_locale), None)
    locale_removals: list[tuple[str, str]] = []  # (path, locale): a translation deleted in its column alone
    for path, columns in deleted.items():
        shown_in = {r.language for r in records.values() if r.kind == "text" and r.path == path}
        if source_tag in columns and set(columns) != shown_in:
            # The source text goes only when every column lets it go: the other column still shows it.
            paragraph, base, _ = columns[source_tag]
            others = ", ".join(locale_of[tag] for tag in sorted(shown_in - set(columns)))
            unmappable(paragraph, f"{source_locale}: a text deleted in its column only ({_q(base)}) while the "
                                  f"{others} column still shows it: delete it in every column to remove it, or "
                                  "undo the deletion", place(path, source_locale))
            continue
        for language, (paragraph, base, parts) in columns.items():
            locale = locale_of[language]
            if source_tag not in columns and any(r.state == "missing" for r in parts):
                continue  # a stand-in for a missing translation: nothing of that locale to remove
            if current.get((path, locale)) != base:
                conflicts.append(Problem(*where(path, locale), f"{locale}: deleted in the draft but changed in the "
                                                               f"content since the draft was built: content "
                                                               f"{_q(current.get((path, locale)))}"))
            elif source_tag not in columns:
                locale_removals.append((path, locale))  # that translation alone: it reads as missing
            elif (target := blocks.removable(path)) is None:
                unmappable(paragraph, f"a deleted text ({_q(base)}): only a paragraph or a list item can be "
                                      "removed from the draft; remove it in the content", place(path, locale))
            else:
                removals.setdefault(target, (paragraph, place(path, locale)))
                removed_texts[" ".join(base.split())] = target

    for target, (paragraph, near) in list(removals.items()):
        # A block goes with what it holds: the words still inside it in the draft would go too.
        kept = [r for r in records.values() if r.kind == "text" and r.path.startswith((target + ".", target + "["))
                and r.id in reading.found and reading.found[r.id].text.strip()]
        if kept:
            del removals[target]
            unmappable(paragraph, f"a deleted text whose block holds others still in the draft "
                                  f"({_q(reading.found[kept[0].id].text)}): delete those too, or remove the block "
                                  "in the content", near)

    for target, paragraph, title in blocks.emptied(removals, texts):
        heading = _q(texts[title].by_locale.get(source_locale)) + " " if title in texts else ""
        unmappable(paragraph, f"every block under the heading {heading}was deleted, and a section needs one: remove "
                              "the whole section, heading too, in the content, or keep a paragraph under it",
                   place(title if title in texts else target, source_locale))

    for path, locale in edited_paths.items():
        for target, (paragraph, _) in removals.items():
            if path != target and (path.startswith(target + ".") or path.startswith(target + "[")):
                unmappable(paragraph, "a text edited inside a block that was deleted", place(path, locale))
    inserts = []
    for new in reading.new:
        moved = removed_texts.get(" ".join(new.text.split()))
        if moved is not None:
            # Cut and pasted (or a tracked move): its bookmark stayed behind, its words stand elsewhere.
            unmappable(new.paragraph, f"a moved text ({_q(new.text)}): moving blocks is not taken back; move it in "
                                      "the content", removals.pop(moved, (0, None))[1])
            continue
        anchor = originals.get(new.after) if new.after else None
        if anchor is not None and (anchor.path, anchor.language) in lost:
            unmappable(new.paragraph, f"a new paragraph ({_q(new.text)}) after a text that "
                                      f"{lost[(anchor.path, anchor.language)]}", None)
            inserts.append(None)
            continue
        insert = blocks.insertion(new, records, reading, locale_of, source_locale, removals, current, place, unmappable,
                            conflicts)
        if insert is not None and content_changed and blocks.already_there(insert, current):
            continue  # typed in a draft absorbed before: the content has it at that place
        if insert is None and new.after in records:
            # Its words may have been split off the text before it (Enter in the middle): that text stays too.
            withheld.add((originals[new.after].path, originals[new.after].language))
        inserts.append(insert)
    paragraph_of = {(r.path, r.language): reading.found[r.id].paragraph for r in records.values()
                    if r.kind == "text" and r.id in reading.found}
    withheld = {(records[r.id].path, r.language) for r in originals.values()
                if r.kind == "text" and (r.path, r.language) in withheld}  # as the content has them now
    for path, locale, _, _ in planned_texts:
        language = next(tag for tag, name in locale_of.items() if name == locale)
        if (path, language) in withheld:
            unmappable(paragraph_of.get((path, language), 1), f"{locale}: this text is left as it was, with the "
                                                               "paragraph after it that was not absorbed",
                       place(path, locale))
    planned_texts = [t for t in planned_texts
                     if (t[0], next(tag for tag, name in locale_of.items() if name == t[1])) not in withheld]

    # Removing the same block from two columns is one removal; a text removed in one column and edited in the
    # other is not something to guess about.
    for path, locale, _, _ in planned_texts:
        for target, (paragraph, _) in removals.items():
            if blocks.removable(path) == target:
                unmappable(paragraph, f"deleted in one column, edited in the {locale} column", place(path, locale))

    if conflicts and not (choices.keep_draft or choices.keep_content) and not choices.dry_run:
        raise InvalidInput(conflicts + unmapped)
    for conflict in conflicts if choices.dry_run else ():
        print(f"{conflict} (not decided: left out below)", file=out)
    if unmapped and not choices.skip_unmapped:
        undecided_conflicts = [] if (choices.keep_draft or choices.keep_content) else conflicts
        raise InvalidInput(undecided_conflicts + unmapped + [Problem(shown, 1, "nothing was absorbed; --skip-unmapped takes the "
                                                         "rest and leaves these out")])

    # -- planning the edits ----------------------------------------------------------------
    edits = ContentEdits(folder, book.locales)
    problems = incoming.planned_problems(planned_texts, inserts, where, locale_of, records)
    try:
        for path, locale, _, value in planned_texts:
            if any(path.startswith(target + ".") or path.startswith(target + "[") for target in removals):
                continue
            edits.set_text(path, locale, value)
        for target in removals:
            edits.remove_item(target)
        for path, locale in locale_removals:
            if not any(path == target or path.startswith((target + ".", target + "[")) for target in removals):
                edits.remove_text(path, locale)
        for order, insert in enumerate(i for i in inserts if i is not None):
            sequence, index, value = insert
            edits.insert_item(sequence, index, value, order)
    except EditError as error:
        problems.append(Problem(shown, 1, f"cannot write an edit back ({error}): the content's structure changed "
                                          "since this draft was built; build a new draft and retype the edits there "
                                          "(--dry-run lists them)"))
    remarks = []
    for remark in everything.remarks:  # anchored on the text as the reviewer saw it, insertions included
        record = records.get(remark.at) if remark.at else None
        if record is not None and (originals[remark.at].path, record.language) in lost:
            record = None  # its text cannot be placed in the content now: the comment is printed, not written
        locale = locale_of[record.language] if record else source_locale
        at = place(record.path, locale) if record else f"{shown}:{remark.paragraph}"
        remarks.append((at, remark))
        why = incoming.comment_problem(remark.comment.author or "", remark.comment.text) if choices.comments_to_yaml \
            else None
        if why:
            problems.append(Problem(at.rpartition(":")[0], int(at.rpartition(":")[2] or 1), f"comment: {why}"))
        elif choices.comments_to_yaml and record and record.path and not any(
                record.path == target or record.path.startswith(target + ".") for target in removals):
            try:
                edits.add_comment(record.path, locale,
                                  incoming.comment_lines(f"{_by(remark.comment)}: {remark.comment.text}"))
            except EditError as error:
                file, _, line = at.rpartition(":")
                problems.append(Problem(file, int(line) if line.isdigit() else 1, f"cannot write the comment: {error}"))
    problems += [Problem(shown, 1, why) for why in incoming.comments_stay_comments(edits)]
    if problems:
        raise InvalidInput(problems)

    # -- checking the edited book, the translations lock, writing -----------------------------
    from briefing.clearance.writeback import write_back

    return write_back(book, assessment, edits, planned_texts, remarks, unmapped, undecided_problems + conflicts,
                      choices, shown, out)


def _book_texts(book: model.Book):
    from briefing.translations.texts import book_texts

    return book_texts(book)


def _locales_by_tag(book: model.Book) -> dict[str, str]:
    from briefing.i18n.locales import language_tag

    return {language_tag(locale): locale for locale in book.locales}


def _skeleton(text: str) -> str:
    """Text without digits and white space: page numbers and tabs a word processor refreshes do not count."""
    return re.sub(r"[\d\s]", "", text)


def _whole(text) -> str:
    """A text quoted whole: a conflict is decided on all of it."""
    return json.dumps(text, ensure_ascii=False)


def _q(text) -> str:
    return blocks.quote(text)
