"""Loads a book folder into the book model, or raises every problem found in it at once."""

from __future__ import annotations

import os
from pathlib import Path

from briefing import model
from briefing.content.schema import Reader
from briefing.content.yamlsource import Mapping, Node, Scalar, Sequence, read_yaml
from briefing.errors import Problems
from briefing.i18n import languages

DATE_STYLES = ("long", "era", "gregorian")
_BLOCK_KINDS = ("paragraph", "bullets", "numbered", "section")


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
    reader = Reader(problems, _declared_locales(book_node, problems))
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


def _read_book(node: Mapping, folder: Path, r: Reader) -> model.Book:
    f = r.fields(
        node, "",
        required={"id", "date", "title", "short_title", "parties", "participants", "locales", "classification", "date_style", "outline"},
        optional={"subtitle", "bilingual", "author", "markings"},
    )
    parties = f.get("parties", lambda n, w: r.list_of(n, w, _party(r)), ())
    party_ids = [p.id for p in parties]
    participants = f.get("participants", lambda n, w: r.list_of(n, w, _participant(r, party_ids)), ())
    outline = f.get("outline", lambda n, w: r.list_of(n, w, _outline_entry(r)), ())
    modules, register, sources = _read_modules(outline, folder, r)
    return model.Book(
        folder_name=folder.resolve().name,
        id=f.get("id", r.identifier),
        date=f.get("date", r.date),
        title=f.get("title", r.text),
        subtitle=f.get("subtitle", r.text),
        short_title=f.get("short_title", r.text),
        parties=parties,
        participants=participants,
        locales=r.locales,
        bilingual=f.get("bilingual", lambda n, w: r.list_of(n, w, _pair(r)), ()),
        classification=f.get("classification", r.text),
        date_style=f.get("date_style", lambda n, w: _date_styles(r, n, w), {}),
        author=f.get("author", r.text),
        markings=f.get("markings", lambda n, w: r.list_of(n, w, r.text), ()),
        outline=outline,
        modules=modules,
        register=register,
        source_files=(str(folder / "book.yaml"), *sources),
        templates=str(folder / "templates") if (folder / "templates").is_dir() else None,
    )


def _party(r: Reader):
    def read(node: Node, where: str):
        f = r.fields(node, where, {"id", "name"})
        return model.Party(id=f.get("id", r.identifier), name=f.get("name", r.text))
    return read


def _participant(r: Reader, party_ids: list[str]):
    def read(node: Node, where: str):
        f = r.fields(node, where, {"party", "name", "office"})
        party = f.get("party", r.string)
        if party is not None and party not in party_ids:
            r.fail(f.items["party"], f"{where}.party: unknown party {party!r}; parties are: {', '.join(party_ids)}")
        return model.Participant(party=party, name=f.get("name", r.text), office=f.get("office", r.text))
    return read


def _pair(r: Reader):
    def read(node: Node, where: str):
        value = r.string(node, where)
        if value is None:
            return None
        parts = value.split("+")
        if len(parts) != 2 or parts[0] == parts[1] or any(p not in r.locales for p in parts):
            r.fail(node, f"{where}: {value!r} is not a pair of two different declared locales (e.g. ja+en)")
            return None
        return (parts[0], parts[1])
    return read


def _date_styles(r: Reader, node: Node, where: str) -> dict[str, str]:
    f = r.fields(node, where, set(r.locales))
    styles = {}
    for locale in r.locales:
        style = f.get(locale, lambda n, w: r.choice(n, w, DATE_STYLES))
        language = languages.find(locale)
        if style is not None and language is not None and style not in language.date_styles:
            r.fail(f.items[locale], f"{where}.{locale}: {style} dates do not exist in {language.name} "
                                    f"(its language.toml allows {', '.join(language.date_styles)})")
        elif style is not None:
            styles[locale] = style
    return styles


def _outline_entry(r: Reader):
    def read(node: Node, where: str):
        if isinstance(node, Mapping) and "modules" in node.items:
            f = r.fields(node, where, {"title", "modules"})
            return model.OutlineGroup(
                title=f.get("title", r.text),
                modules=f.get("modules", lambda n, w: r.list_of(n, w, r.identifier), ()),
            )
        f = r.fields(node, where, {"module"})
        return model.OutlineModule(module=f.get("module", r.identifier))
    return read


def _read_modules(outline, folder: Path, r: Reader):
    """Reads each module the outline names, once; a module with `documents:` is the register."""
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
        node = read_yaml(str(path), shown, r.problems, inside=str(folder))
        sources.append(str(path))
        if node is None:
            continue
        if "documents" in node.items:
            if register is not None:
                r.fail(node, "a book has one register of outcome documents")
                continue
            register = _read_register(name, node, r)
        else:
            modules[name] = _read_module(name, node, r)
    return modules, register, sources


def _read_module(name: str, node: Mapping, r: Reader) -> model.Module:
    f = r.fields(node, "", {"blocks"})
    return model.Module(name=name, blocks=f.get("blocks", _blocks(r), ()))


def _blocks(r: Reader):
    def read(node: Node, where: str):
        return r.list_of(node, where, _block(r))
    return read


def _block(r: Reader):
    def read(node: Node, where: str):
        if not isinstance(node, Mapping) or len(node.items) != 1:
            r.fail(node, f"{where}: a block is one of {', '.join(_BLOCK_KINDS)} (a mapping with exactly one of these keys)")
            return None
        (kind, value), = node.items.items()
        where = f"{where}.{kind}"
        if kind == "paragraph":
            text = r.text(value, where)
            return model.Paragraph(text) if text else None
        if kind in ("bullets", "numbered"):
            items = r.list_of(value, where, _list_item(r, kind))
            return (model.BulletList if kind == "bullets" else model.NumberedList)(items)
        if kind == "section":
            f = r.fields(value, where, {"title", "blocks"}, {"numbered"})
            return model.Section(
                title=f.get("title", r.text),
                blocks=f.get("blocks", _blocks(r), ()),
                numbered=f.get("numbered", r.boolean, True),
            )
        r.problems.add(node.file, node.key_lines[kind], f"{where}: unknown block kind {kind!r}; expected one of: {', '.join(_BLOCK_KINDS)}")
        return None
    return read


def _list_item(r: Reader, kind: str):
    def read(node: Node, where: str):
        # A bullet may be a bare text; a numbered item has `text:` and may nest blocks.
        if isinstance(node, Mapping) and "text" in node.items:
            f = r.fields(node, where, {"text"}, {"blocks"})
            return model.ListItem(text=f.get("text", r.text), blocks=f.get("blocks", _blocks(r), ()))
        text = r.text(node, where)
        return model.ListItem(text=text) if text else None
    return read


def _read_register(name: str, node: Mapping, r: Reader) -> model.Register:
    f = r.fields(node, "", {"title", "categories", "documents"}, {"subtitle"})
    categories = f.get("categories", lambda n, w: r.list_of(n, w, _category(r)), ())
    used_categories = [c.id for c in categories]
    documents = f.get("documents", lambda n, w: r.list_of(n, w, _document(r, used_categories)), ())
    first_seen: dict[str, int] = {}
    for document, doc_node in zip(documents, f.items["documents"].items if isinstance(f.items.get("documents"), Sequence) else ()):
        if document.id in first_seen:
            r.fail(doc_node, f"documents: duplicate document id {document.id!r} (first at line {first_seen[document.id]})")
        elif document.id is not None:
            first_seen[document.id] = doc_node.line
    return model.Register(
        name=name,
        title=f.get("title", r.text),
        subtitle=f.get("subtitle", r.text),
        categories=categories,
        documents=documents,
    )


def _category(r: Reader):
    def read(node: Node, where: str):
        f = r.fields(node, where, {"id"}, {"note"})
        return model.Category(id=f.get("id", lambda n, w: r.choice(n, w, model.CATEGORIES)), note=f.get("note", r.text))
    return read


def _document(r: Reader, categories: list[str]):
    def read(node: Node, where: str):
        f = r.fields(
            node, where,
            {"id", "category", "title", "signed_at_ceremony", "requires_legislative_approval"},
            {"signatories", "description"},
        )
        category = f.get("category", lambda n, w: r.choice(n, w, model.CATEGORIES))
        if category is not None and category not in categories:
            r.fail(f.items["category"], f"{where}.category: {category!r} is not listed under categories")
        return model.OutcomeDocument(
            id=f.get("id", r.identifier),
            category=category,
            title=f.get("title", r.text),
            signatories=f.get("signatories", lambda n, w: r.list_of(n, w, _signatory(r)), ()),
            description=f.get("description", r.text),
            signed_at_ceremony=f.get("signed_at_ceremony", r.boolean),
            requires_legislative_approval=f.get("requires_legislative_approval", r.boolean),
        )
    return read


def _signatory(r: Reader):
    def read(node: Node, where: str):
        f = r.fields(node, where, {"name", "office"})
        return model.Signatory(name=f.get("name", r.text), office=f.get("office", r.text))
    return read
