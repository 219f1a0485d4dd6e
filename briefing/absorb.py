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
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from briefing import model, tree
from briefing.errors import InvalidInput, Problem

_ITEM = re.compile(r"^(?P<seq>.*[:.](?:bullets|numbered))\[(?P<index>\d+)\](?:\.text)?$")  # an item with blocks: .text
_BLOCK = re.compile(r"^(?P<seq>.*[:.]blocks)\[(?P<index>\d+)\]\.(?P<kind>paragraph|section\.title)$")
_LIST_BLOCK = re.compile(r"^(?P<seq>.*[:.]blocks)\[(?P<index>\d+)\]\.(?:bullets|numbered)$")

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
    from briefing.translations.state import shown as shown_folder

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
    from briefing import incoming  # the rules for what comes in from the draft (briefing/incoming.py)

    def where(path: str, locale: str | None = None) -> tuple[str, int]:
        text = texts.get(path)
        if text is None:
            return path.partition(":")[0], 1
        return text.file, text.lines.get(locale, text.line) if locale else text.line

    def place(path: str, locale: str | None = None) -> str:
        return "{}:{}".format(*where(path, locale))

    # -- tracked changes --------------------------------------------------------------
    everything = draft.read(lambda kind, author: True)
    original = draft.read(lambda kind, author: False)  # as built: where each revision stands
    owner_of = {found.paragraph: found.id for found in original.found.values()}
    records = snapshot.records

    def revision_place(paragraph: int) -> str:
        owner = owner_of.get(paragraph)
        if owner is None:
            before = [number for number in owner_of if number < paragraph]
            owner = owner_of[max(before)] if before else None
        if owner is None:
            return f"{shown}:{paragraph}"
        record = records[owner]
        return place(record.path, locale_of[record.language])

    authors = set(choices.accept_authors)
    decided_by_all = choices.accept_all or choices.reject_all
    undecided = [r for r in draft.revisions if r.kind != "format" and r.author not in authors and not decided_by_all]
    if undecided:
        raise InvalidInput([Problem(shown, r.paragraph, f"undecided tracked change: {_revision(r)} (at "
                                                         f"{revision_place(r.paragraph)}); decide with --accept-all, "
                                                         "--reject-all or --accept-author NAME") for r in undecided])

    def decide(kind: str, author: str) -> bool:
        return author in authors or choices.accept_all

    for revision in draft.revisions:
        if revision.kind == "format":
            print(f"{revision_place(revision.paragraph)}: formatting change by {_by(revision)}: ignored "
                  "(the draft's formatting comes from the templates)", file=out)
        else:
            verdict = "accepted" if decide(revision.kind, revision.author) else "rejected"
            print(f"{revision_place(revision.paragraph)}: {_revision(revision)}: {verdict}", file=out)

    reading = draft.read(decide)
    if not original.found:
        raise InvalidInput([Problem(shown, 1, "none of the bookmarks that trace the draft's texts is left (was it "
                                              "copied into another document?): refused")])

    # -- what changed, against the snapshot and the content as it is now ------------------
    from briefing.content.fingerprint import content_fingerprint

    if snapshot.content != content_fingerprint(book.source_files):
        print(f"{shown}: the content changed since this draft was built: merging three ways", file=out)
    current = _current_texts(book, assessment, tuple(locale_of[tag] for tag in snapshot.languages))
    forged = incoming.forged_records(snapshot.records, texts, {path for path, _ in current})
    if forged:
        raise InvalidInput([Problem(shown, 1, f"{why}: a forged or damaged draft, refused") for _, why in forged])
    unmapped: list[Problem] = []
    conflicts: list[Problem] = []

    def unmappable(paragraph: int, message: str, near: str | None) -> None:
        nearest = f" (nearest: {near})" if near else ""
        unmapped.append(Problem(shown, paragraph, message + nearest))

    groups: dict[tuple[str, str], list] = {}
    for record in records.values():
        if record.kind == "text":
            groups.setdefault((record.path, record.language), []).append(record)
        else:
            found = reading.found.get(record.id)
            if found is None or found.text != record.text:
                now = "(deleted)" if found is None else _q(found.text)
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

    for paragraph, first, second in reading.joined:
        unmappable(paragraph, "two paragraphs were joined into one: not taken back; keep them apart in the draft",
                   place(records[first].path, locale_of[records[first].language]))

    planned_texts: list[tuple[str, str, str, str]] = []  # (path, locale, old value, new value)
    removals: dict[str, tuple[int, str]] = {}  # item path -> (paragraph, place)
    removed_texts: dict[str, str] = {}  # the text of a removed item -> its path: found again elsewhere, a move
    edited_paths: dict[str, str] = {}  # path -> locale, for texts changed in the draft
    for (path, language), parts in groups.items():
        locale = locale_of[language]
        parts = sorted(parts, key=lambda r: r.part)
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
        paragraph = next((item.paragraph for item in found if item is not None), 1)
        if not present:
            target = _removable(path)
            if target is None:
                unmappable(paragraph, f"a deleted text ({_q(base)}): only a paragraph or a list item can be "
                                      "removed from the draft; remove it in the content", place(path, locale))
            elif current.get((path, locale)) != base:
                conflicts.append(Problem(*where(path, locale), f"{locale}: deleted in the draft but changed in the "
                                                               f"content since the draft was built: content "
                                                               f"{_q(current.get((path, locale)))}"))
            else:
                removals.setdefault(target, (paragraph, place(path, locale)))
                removed_texts[" ".join(base.split())] = target
            continue
        now = tree.PARAGRAPH_BREAK.join(" ".join(text.split()) if "\n" in text else text for text in present)
        if now == base:
            continue
        edited_paths[path] = locale
        content_now = current.get((path, locale))
        if content_now is not None and content_now != base and content_now != now:
            if choices.keep_content:
                print(f"{place(path, locale)}: {locale}: kept the content's {_q(content_now)} over the draft's "
                      f"{_q(now)} (--keep-content)", file=out)
                continue
            if not choices.keep_draft:
                conflicts.append(Problem(*where(path, locale), f"{locale}: changed in the draft and in the content "
                                                               f"since it was built: draft {_q(now)}, content "
                                                               f"{_q(content_now)}, built from {_q(base)}; "
                                                               "--keep-draft or --keep-content decides"))
                continue
        if content_now == now:
            continue  # the content already says it
        raw = texts[path].by_locale.get(locale) if path in texts and not any(r.state == "missing" for r in parts) \
            else None
        planned_texts.append((path, locale, raw, _carried(raw, base, now)))

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
        inserts.append(_insertion(new, records, reading, locale_of, source_locale, removals, current, place,
                                  unmappable, conflicts))

    # Removing the same block from two columns is one removal; a text removed in one column and edited in the
    # other is not something to guess about.
    for path, locale, _, _ in planned_texts:
        for target, (paragraph, _) in removals.items():
            if _removable(path) == target:
                unmappable(paragraph, f"deleted in one column, edited in the {locale} column", place(path, locale))

    if conflicts and not (choices.keep_draft or choices.keep_content):
        raise InvalidInput(conflicts + unmapped)
    if unmapped and not choices.skip_unmapped:
        raise InvalidInput(unmapped + [Problem(shown, 1, "nothing was absorbed; --skip-unmapped takes the "
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
        for order, insert in enumerate(i for i in inserts if i is not None):
            sequence, index, value = insert
            edits.insert_item(sequence, index, value, order)
    except EditError as error:
        problems.append(Problem(shown, 1, f"cannot write the edit back: {error}"))
    remarks = []
    for remark in everything.remarks:  # anchored on the text as the reviewer saw it, insertions included
        record = records.get(remark.at) if remark.at else None
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
                problems.append(Problem(at.rpartition(":")[0], 1, f"cannot write the comment: {error}"))
    problems += [Problem(shown, 1, why) for why in incoming.comments_stay_comments(edits)]
    if problems:
        raise InvalidInput(problems)

    # -- checking the edited book, the translations lock, writing -----------------------------
    contents = edits.new_contents()
    lock_data, stale = _lock_after(book, assessment, folder, contents, edits, planned_texts, source_locale)

    folder_shown = shown_folder(folder)
    for change in edits.changes:
        print(f"{folder_shown}/{change}", file=out)
    for line in stale:
        print(line, file=out)
    for at, remark in remarks:
        print(f"{at}: {_by(remark.comment)}: {remark.comment.text} — on {_q(remark.anchored)}", file=out)
    for problem in unmapped:
        print(f"{problem} — not absorbed (--skip-unmapped)", file=out)
    if choices.dry_run:
        print(f"{shown}: would make {len(edits.changes)} change(s); nothing written (--dry-run)", file=out)
        return 0
    also = {}
    if lock_data is not None:
        also[folder / "translations.lock"] = lock_data
    if contents or also:
        from briefing.output import Staging

        with Staging() as staging:
            for file, data in contents.items():
                staging.stage(folder / file, lambda temporary, data=data: Path(temporary).write_bytes(data))
            for path, data in also.items():
                staging.stage(path, lambda temporary, data=data: Path(temporary).write_bytes(data))
            staging.commit()
    print(f"{shown}: {len(edits.changes)} change(s) written" + (", translations.lock updated" if also else ""),
          file=out)
    return 0


def _insertion(new, records, reading, locale_of, source_locale, removals, current, place, unmappable, conflicts):
    """(sequence path, index, item) for a paragraph typed into the draft, or None (reported) when it maps nowhere."""
    anchor = records.get(new.after) if new.after else None
    near = place(anchor.path, locale_of[anchor.language]) if anchor and anchor.path else None
    what = "a new list item" if new.level is not None else "a new paragraph"
    if new.style.lower().startswith(("heading", "title")):
        unmappable(new.paragraph, f"a new heading ({_q(new.text)}): add the section in the content", near)
        return None
    if anchor is None or anchor.kind != "text":
        unmappable(new.paragraph, f"{what} ({_q(new.text)}) after generated text: add it in the content", near)
        return None
    locale = locale_of[anchor.language]
    if locale != source_locale:
        unmappable(new.paragraph, f"{what} in {locale} ({_q(new.text)}): add it in {source_locale}, the source "
                                  "locale, first (the draft gives only this locale's text)", near)
        return None
    base = tree.PARAGRAPH_BREAK.join(r.text for r in records.values()
                                     if r.kind == "text" and r.path == anchor.path and r.language == anchor.language)
    if current.get((anchor.path, locale)) != base:
        file, _, line = near.rpartition(":")
        conflicts.append(Problem(file, int(line), f"{what} typed after a text that changed in the content since the "
                                                  "draft was built: add it in the content"))
        return None
    text = new.text.strip()
    item = _ITEM.match(anchor.path)
    block = _BLOCK.match(anchor.path)
    anchor_found = reading.found.get(anchor.id)
    anchor_level = anchor_found.level if anchor_found else None
    if item and new.level is not None:
        if anchor_level is not None and new.level != anchor_level:
            unmappable(new.paragraph, f"{what} at another level than the item before it: add it in the content", near)
            return None
        return item.group("seq"), int(item.group("index")) + 1, {locale: text}
    if item and new.level is None:
        following = f"{item.group('seq')}[{int(item.group('index')) + 1}]"
        last = not any(r.kind == "text" and r.path in (following, following + ".text") for r in records.values())
        outer = _LIST_BLOCK.match(item.group("seq"))
        if last and outer:
            return outer.group("seq"), int(outer.group("index")) + 1, {"paragraph": {locale: text}}
        unmappable(new.paragraph, f"{what} ({_q(new.text)}) inside a list: make it a list item, or add it in the "
                                  "content", near)
        return None
    if block and new.level is None:
        if block.group("kind") == "paragraph":
            return block.group("seq"), int(block.group("index")) + 1, {"paragraph": {locale: text}}
        return f"{block.group('seq')}[{block.group('index')}].section.blocks", 0, {"paragraph": {locale: text}}
    unmappable(new.paragraph, f"{what} ({_q(new.text)}) where the content has no list or paragraphs to take it: "
                              "add it in the content", near)
    return None


def _removable(path: str) -> str | None:
    """The sequence item that goes when a text is deleted: the paragraph block, or the list item; else None."""
    item = _ITEM.match(path)
    if item:
        return f"{item.group('seq')}[{item.group('index')}]"
    block = _BLOCK.match(path)
    if block and block.group("kind") == "paragraph":
        return f"{block.group('seq')}[{block.group('index')}]"
    return None


def _lock_after(book, assessment, folder: Path, contents: dict, edits, planned_texts, source_locale):
    """The edited book loaded from a copy (every content rule checked), and the lock it needs: translations of a
    changed source text go stale, a translation edited in the draft counts as reviewed."""
    from briefing.content import load_book
    from briefing.translations.lock import FILE_NAME, render_lock
    from briefing.translations.state import STALE, Assessment

    lock_path = folder / FILE_NAME
    before = lock_path.read_bytes() if lock_path.exists() else None
    source_changed = {edits.new_path(path) for path, locale, _, _ in planned_texts if locale == source_locale}
    if not contents:
        return None, []
    with tempfile.TemporaryDirectory(prefix="briefing-absorb-") as temporary:
        copy = Path(temporary) / folder.name
        shutil.copytree(folder, copy, symlinks=True)
        if before is None and assessment.targets and source_changed:
            # A book that tracks nothing yet starts its lock here, from the texts as they were, so that the
            # translations of what the draft changed read as stale.
            (copy / FILE_NAME).write_bytes(render_lock(book.id, source_locale, assessment.records()))
        for file, data in contents.items():
            (copy / file).write_bytes(data)
        try:
            edited = load_book(copy)
        except InvalidInput as invalid:
            raise InvalidInput([Problem(p.file.replace(str(copy), str(folder)), p.line,
                                        p.message.replace(str(copy), str(folder)))
                                for p in invalid.problems]) from None
        after = Assessment(edited)
        reviewed = {}
        for path, locale, _, value in planned_texts:
            if locale != source_locale:
                reviewed[(edits.new_path(path), locale)] = value
        data = render_lock(book.id, source_locale, after.records(reviewed)) if (
            before is not None or (copy / FILE_NAME).exists()) else None
        stale = []
        for translation in after.translations:
            if translation.text.path in source_changed and translation.state == STALE \
                    and (translation.text.path, translation.locale) not in reviewed:
                file, line = translation.where()
                file = file.replace(str(copy), str(folder))
                stale.append(f"{file}:{line}: {translation.locale}: now stale (the {source_locale} text changed)")
    return (data if data != before else None), stale


def _current_texts(book: model.Book, assessment, locales: tuple[str, ...]) -> dict[tuple[str, str], str]:
    """Each traced text as a draft built now would show it, by (content path, locale)."""
    from briefing.build import document_for
    from briefing.targets import Options
    from briefing.translations.draft import marked_book

    marked = marked_book(book, assessment, tuple(l for l in locales if l in assessment.targets))
    found: dict[tuple[str, str], str] = {}

    def walk(blocks, locale):
        for block in blocks:
            if isinstance(block, (tree.Paragraph, tree.Heading)) and block.source:
                found.setdefault((block.source, locale), block.text)
            elif isinstance(block, (tree.Entry, tree.TitleBlock)) and block.source:
                found.setdefault((block.source, locale), block.title)
            elif isinstance(block, tree.List):
                for item in block.items:
                    if item.source:
                        found.setdefault((item.source, locale), item.text)
                    walk(item.blocks, locale)

    for locale in locales:
        walk(document_for(marked, locale, Options(draft=True)).blocks, locale)
    return found


def _carried(raw: str | None, base: str, new: str) -> str:
    """The new text to write, keeping the YAML's own characters where the draft left the text as it was.

    The draft shows a text as rendered: line breaks joined and the locale's
    typography applied (Russian «» and no-break spaces), one character for one.
    Where the draft did not change it, the content's own characters stay.
    """
    if raw is None:
        return new
    element = ET.Element("t")
    element.text = raw
    from briefing.markup import _text  # the markup layer's one rule for line breaks

    normal = _text(element)
    if len(normal) != len(base):
        return new
    pieces = []
    for operation, i1, i2, j1, j2 in SequenceMatcher(None, base, new, autojunk=False).get_opcodes():
        pieces.append(normal[i1:i2] if operation == "equal" else new[j1:j2])
    return "".join(pieces)


def _book_texts(book: model.Book):
    from briefing.translations.texts import book_texts

    return book_texts(book)


def _locales_by_tag(book: model.Book) -> dict[str, str]:
    from briefing.i18n.locales import language_tag

    return {language_tag(locale): locale for locale in book.locales}


def _skeleton(text: str) -> str:
    """Text without digits and white space: page numbers and tabs a word processor refreshes do not count."""
    return re.sub(r"[\d\s]", "", text)


def _q(text) -> str:
    if text is None:
        return "(none)"
    text = str(text)
    return json.dumps(text if len(text) <= 120 else text[:117] + "…", ensure_ascii=False)


def _by(item) -> str:
    date = (item.date or "")[:10]
    return f"{item.author or 'unknown'} ({date})" if date else (item.author or "unknown")


def _revision(revision) -> str:
    verb = {"insert": "inserted", "delete": "deleted"}[revision.kind]
    what = "a paragraph break" if revision.text == "¶" else _q(revision.text)
    return f"{verb} {what} by {_by(revision)}"
