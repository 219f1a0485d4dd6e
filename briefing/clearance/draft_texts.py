"""What an absorbed draft is compared with and written as: the texts a draft built now would show, the YAML's own
characters an edit keeps, and the translations lock of the edited book."""

from __future__ import annotations

import shutil
import tempfile
import xml.etree.ElementTree as ET
from difflib import SequenceMatcher
from pathlib import Path

from briefing import tree
from briefing.book import model
from briefing.errors import InvalidInput, Problem


def lock_after(book, assessment, folder: Path, contents: dict, edits, planned_texts, source_locale):
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


def current_texts(book: model.Book, assessment, locales: tuple[str, ...]) -> dict[tuple[str, str], str]:
    """Each traced text as a draft built now would show it, by (content path, locale)."""
    from briefing.building.build import document_for
    from briefing.book.targets import Options
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


def carried(raw: str | None, base: str, new: str) -> str:
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
