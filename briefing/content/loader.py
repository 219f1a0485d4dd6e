"""Loads a book folder into the book model, or raises every problem found in it at once."""

from __future__ import annotations

import os
from pathlib import Path

from dataclasses import replace

from briefing.book import model
from briefing.content import format
from briefing.content.glossary import read_glossary
from briefing.content.schema import Reader
from briefing.content.yamlsource import Mapping, Scalar, Sequence, read_yaml
from briefing.errors import Problems
from briefing.i18n import languages



def load_book(folder: str | os.PathLike) -> model.Book:
    """Reads `book.yaml` and every module its outline names; raises InvalidInput listing all problems."""
    problems = Problems()
    folder = Path(folder)
    if not folder.is_dir():
        problems.add(str(folder), 1, "not a book folder (it does not exist or is not a directory)")
        problems.raise_if_any()
    book_node = read_yaml(str(folder / "book.yaml"), _shown(folder / "book.yaml"), problems, inside=str(folder))
    if book_node is None:
        problems.raise_if_any()
    locales = _declared_locales(book_node, problems)
    reader = Reader(problems, locales, _source_locale(book_node, locales, problems))
    _check_participants(book_node, reader)
    book = _read_book(book_node, folder, reader)
    problems.raise_if_any()
    return book


def _shown(path: Path) -> str:
    """The path as the user will recognise it: relative to the working folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _declared_locales(book: Mapping, problems: Problems) -> tuple[str, ...]:
    node = book.items.get("locales")
    if not isinstance(node, Sequence) or not node.items:
        return ("en",)  # the missing or malformed field is reported by the schema
    locales = []
    for item in node.items:
        if not isinstance(item, Scalar):
            problems.add(item.file, item.line, "locales: a non-text value is not a locale")
        elif (problem := languages.problem(item.text)) is not None:
            problems.add(item.file, item.line, f"locales: {problem}")
        elif item.text in locales:
            problems.add(item.file, item.line, f"locales: {item.text!r} is listed twice")
        else:
            locales.append(item.text)
    return tuple(locales) or ("en",)


def _source_locale(book: Mapping, locales: tuple[str, ...], problems: Problems) -> str:
    """The locale translations are made from: `source_locale` when declared, else the first locale."""
    node = book.items.get("source_locale")
    if node is None:
        return locales[0]
    if not isinstance(node, Scalar) or node.text not in locales:
        shown = node.text if isinstance(node, Scalar) else "a non-text value"
        problems.add(node.file, node.line, f"source_locale: {shown!r} is not one of the book's locales ({', '.join(locales)})")
        return locales[0]
    return node.text


def _read_book(node: Mapping, folder: Path, r: Reader) -> model.Book:
    values = format.BOOK.read(r, node, "")
    parties = values["parties"] or ()
    # Each participant's party is checked against the parties in _check_participants, on the nodes.
    participants = tuple(p for p in values["participants"] or () if p is not None)
    outline = tuple(e for e in values["outline"] or () if e is not None)
    modules, register, sources = _read_modules(outline, folder, r)
    glossary, glossary_file = read_glossary(folder, _shown(folder / "glossary.yaml"), r)
    if glossary_file:
        sources.append(str(folder / "glossary.yaml"))
    return model.Book(
        folder_name=folder.resolve().name,
        id=values["id"],
        date=values["date"],
        end_date=_end_date(r, node, values),
        title=values["title"],
        subtitle=values["subtitle"],
        short_title=values["short_title"],
        venue=values["venue"],
        occasion=values["occasion"],
        parties=parties,
        participants=participants,
        locales=r.locales,
        bilingual=values["bilingual"] or (),
        classification=values["classification"],
        date_style=values["date_style"] or {},
        name_style=values["name_style"] or {},
        author=values["author"],
        markings=values["markings"] or (),
        contents=values["contents"] or "auto",
        outline=outline,
        modules=modules,
        register=register,
        source_files=(str(folder / "book.yaml"), *sources),
        templates=str(folder / "templates") if (folder / "templates").is_dir() else None,
        source_locale=r.source_locale,
        glossary=glossary,
    )


def _end_date(r: Reader, node: Mapping, values: dict):
    start, end = values["date"], values["end_date"]
    if start is not None and end is not None and end < start:
        r.fail(node.items["end_date"], f"end_date: {end.isoformat()} is before date {start.isoformat()}")
        return None
    return end


def _check_participants(node: Mapping, r: Reader) -> None:
    parties = node.items.get("parties")
    ids = [item.items["id"].text for item in getattr(parties, "items", [])
           if isinstance(item, Mapping) and isinstance(item.items.get("id"), Scalar)]
    for index, item in enumerate(getattr(node.items.get("participants"), "items", [])):
        party = item.items.get("party") if isinstance(item, Mapping) else None
        if isinstance(party, Scalar) and party.text not in ids:
            r.fail(party, f"participants[{index}].party: unknown party {party.text!r}; parties are: {', '.join(ids)}")


def _read_modules(outline, folder: Path, r: Reader):
    """Reads each module the outline names, once; a module with `documents:` is a register."""
    names: list[str] = []
    for entry in outline:
        names.extend(entry.modules if isinstance(entry, model.OutlineGroup) else [entry.module])
    modules: dict[str, model.Module] = {}
    register = None
    sources = []
    seen: set[str] = set()
    for name in names:
        if name is None:
            continue
        path = folder / f"{name}.yaml"
        shown = _shown(path)
        if name in seen:
            r.problems.add(_shown(folder / "book.yaml"), 1, f"outline: module {name!r} is named twice")
            continue
        seen.add(name)
        if not path.exists() and not path.is_symlink():
            r.problems.add(_shown(folder / "book.yaml"), _outline_line(folder, name),
                           f"outline: module {name!r} has no file {name}.yaml in the book folder")
            continue
        node = read_yaml(str(path), shown, r.problems, inside=str(folder))
        sources.append(str(path))
        if node is None:
            continue
        if "documents" in node.items:
            if register is not None:
                r.fail(node, "a book has one register of documents")
                continue
            register = _read_register(name, node, r)
        else:
            values = format.MODULE.read(r, node, "")
            if values is not None:
                blocks = _checked_figures(values["blocks"] or (), folder, r)
                modules[name] = model.Module(name=name, blocks=blocks)
                # The images a build reads are inputs as much as the YAML: the manifest lists them.
                sources.extend(str(folder / path) for path in _figure_paths(blocks))
    return modules, register, sources


def _outline_line(folder: Path, name: str) -> int:
    """The line of book.yaml that names a module, for an error about it."""
    try:
        for number, line in enumerate((folder / "book.yaml").read_text(encoding="utf-8").splitlines(), start=1):
            if name in line and ("module" in line or line.lstrip().startswith("-") or "[" in line):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def _figure_paths(blocks: tuple) -> list[str]:
    found = []
    for block in blocks:
        if isinstance(block, model.Figure):
            found += [block.path, *(path for _, path in block.by_locale)]
        elif isinstance(block, model.Section):
            found += _figure_paths(block.blocks)
        elif isinstance(block, (model.BulletList, model.NumberedList)):
            found += [path for item in block.items for path in _figure_paths(item.blocks)]
    return list(dict.fromkeys(found))


def _checked_figures(blocks: tuple, folder: Path, r: Reader) -> tuple:
    """Blocks with each figure's image file checked (inside the book, a real image, not too large) and attached."""
    out = []
    for block in blocks:
        if isinstance(block, model.Figure):
            from briefing.images import ImageRefused, inspect_image

            checked = {}
            for locale, path in (("", block.path), *block.by_locale):  # each image checked as the one image is
                try:
                    checked[locale] = inspect_image(path, str(folder))
                except ImageRefused as refused:
                    r.problems.add(block.file, block.line, f"figure {path!r}: {refused}")
            if len(checked) != 1 + len(block.by_locale):  # a refused image is reported; the figure is left out
                continue
            block = replace(block, image=checked.pop(""), localized=tuple(checked.items()))
        elif isinstance(block, model.Section):
            block = replace(block, blocks=_checked_figures(block.blocks, folder, r))
        elif isinstance(block, (model.BulletList, model.NumberedList)):
            block = replace(block, items=tuple(replace(item, blocks=_checked_figures(item.blocks, folder, r))
                                               for item in block.items))
        out.append(block)
    return tuple(out)


def _read_register(name: str, node: Mapping, r: Reader) -> model.Register:
    values = format.REGISTER.read(r, node, "")
    if values is None:
        return None
    categories = tuple(c for c in values["categories"] or () if c is not None)
    declared = {c.id for c in categories}
    documents = tuple(d for d in values["documents"] or () if d is not None)
    markers = values["markers"]
    markers = default_markers() if markers is None else tuple(m for m in markers if m is not None)
    document_nodes = node.items["documents"].items if isinstance(node.items.get("documents"), Sequence) else ()
    first_seen: dict[str, int] = {}
    for document, document_node in zip(documents, document_nodes):
        if document.id in first_seen:
            r.fail(document_node, f"documents: duplicate document id {document.id!r} (first at line {first_seen[document.id]})")
        elif document.id is not None:
            first_seen[document.id] = document_node.line
        category = document_node.items.get("category") if isinstance(document_node, Mapping) else None
        if document.category is not None and document.category not in declared and category is not None:
            r.fail(category, f"category: {document.category!r} is not declared under categories "
                             f"({', '.join(sorted(declared))})")
    facts = set(format.KNOWN_FACTS) | {fact for d in documents for fact in d.facts}
    marker_nodes = node.items["markers"].items if isinstance(node.items.get("markers"), Sequence) else ()
    for marker, marker_node in zip(markers, marker_nodes):
        if marker.fact not in facts:
            r.fail(marker_node.items.get("fact", marker_node), f"markers: unknown fact {marker.fact!r}; documents "
                   f"have: {', '.join(sorted(facts))}")
    return model.Register(
        name=name, title=values["title"], subtitle=values["subtitle"], categories=categories,
        documents=documents, markers=markers, numbering=values["numbering"] or "none",
        brackets=values["brackets"] is not False,
    )


def N_(message: str) -> str:
    """Marks a catalog message (translated where it is printed, in the book's locale)."""
    return message


def default_markers() -> tuple[model.Marker, ...]:
    """◎ ● *: the first book's markers, used when a register declares none; meanings come from the catalogs.

    The first book's source explains ◎ and * but only uses ●, for the documents
    without ◎: its meaning says that much and no more.
    """
    return (
        model.Marker({"*": "◎"}, "signed_at_ceremony", True, "lead",
                     default_meaning=N_("Documents signed at the signing ceremony")),
        model.Marker({"*": "●"}, "signed_at_ceremony", False, "lead",
                     default_meaning=N_("Other documents (not signed at the signing ceremony)")),
        model.Marker({"*": "*", "ja": "＊"}, "requires_legislative_approval", True, "flag",
                     default_meaning=N_("Documents to be enacted after legislative approval, etc., in both countries; "
                                        "others are enacted by signature")),
    )
