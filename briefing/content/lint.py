"""What `check` warns of in a book's files beyond their validity: placeholders, copied texts, unused files, folded quotes."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from babel.core import get_global

from briefing.book import model
from briefing.errors import Problem
from briefing.book.nested import every
from briefing.paths import TEMPLATE_FOLDER
from briefing.scaffold import placeholder_texts

# Files of a book folder that are not modules.
NOT_MODULES = ("book.yaml", "glossary.yaml")
HAN_SCRIPTS = {"Jpan": "Hani", "Hans": "Hani", "Hant": "Hani"}


def content_warnings(book: model.Book) -> list[Problem]:
    """Every warning of this module, in file and line order."""
    folder = Path(book.source_files[0]).parent
    found = (placeholders(book) + copied_across_scripts(book) + unused_modules(book, folder)
             + unused_templates(book) + folded_quotes(book))
    return sorted(found, key=lambda p: (p.file, p.line, p.message))


def _where(text: model.Text, locale: str) -> tuple[str, int]:
    return text.file, text.lines.get(locale, text.line)


def placeholders(book: model.Book) -> list[Problem]:
    """A text `briefing new` wrote as a placeholder ("Country A", "First Name") that nobody replaced yet."""
    marked = placeholder_texts()
    found = []
    for text in every(book, model.Text):
        for locale, value in text.by_locale.items():
            if value.strip() in marked:
                found.append(Problem(*_where(text, locale), f"{locale}: {value.strip()!r} is a placeholder "
                                                            f"of `briefing new`; write the book's own text"))
    return found


def script_of(locale: str) -> str:
    """The script a locale is written in, from CLDR's likely subtags (en: Latn, ru: Cyrl, ja and zh: Hani)."""
    likely = get_global("likely_subtags").get(locale, "")
    parts = likely.split("_")
    script = parts[1] if len(parts) > 2 else ""
    # Japanese and Chinese share their ideographs: 日本国 is rightly the same in both.
    return HAN_SCRIPTS.get(script, script)


def copied_across_scripts(book: model.Book) -> list[Problem]:
    """A text identical to another locale's where the two are written in different scripts (the English title
    copied into the Japanese): it was not translated yet, whatever the lock says."""
    scripts = {locale: script_of(locale) for locale in book.locales}
    found = []
    for text in every(book, model.Text):
        for locale, value in text.by_locale.items():
            if not any(char.isalpha() for char in value):
                continue
            for other in book.locales:
                if other != locale and scripts[other] and scripts[locale] and scripts[other] != scripts[locale] \
                        and text.by_locale.get(other) == value and other == _first_with(text, value, book.locales):
                    found.append(Problem(*_where(text, locale), f"{locale}: the same text as {other} "
                                                                f"({scripts[other]} script, {locale} is written in "
                                                                f"{scripts[locale]}); translate it"))
                    break
    return found


def _first_with(text: model.Text, value: str, locales) -> str:
    """The first locale (in the book's order) whose text is `value`: the one the others copied."""
    return next(locale for locale in locales if text.by_locale.get(locale) == value)


def unused_modules(book: model.Book, folder: Path) -> list[Problem]:
    """A YAML file of the book folder that no outline entry names: nothing of it is printed."""
    used = set(book.modules) | ({book.register.name} if book.register else set())
    found = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in NOT_MODULES and path.stem not in used:
            found.append(Problem(str(path), 1, f"module {path.stem!r} is named in no outline entry of book.yaml, "
                                               f"so it is not printed; add `- module: {path.stem}` or remove the file"))
    return found


def unused_templates(book: model.Book) -> list[Problem]:
    """A template in the book's templates/ that no lookup uses (templates/summary.j2 for modules/summary.j2)."""
    if not book.templates:
        return []
    ours = {path.relative_to(TEMPLATE_FOLDER).as_posix() for path in TEMPLATE_FOLDER.rglob("*.j2")}
    names = set(book.modules) | ({book.register.name} if book.register else set())
    looked_up = ours | {f"modules/{name}.j2" for name in names}
    root = Path(book.templates)
    paths = sorted(root.rglob("*.j2"))
    texts = {path: _read(path) for path in paths if path.is_file() and not path.is_symlink()}
    found = []
    for path in paths:
        name = path.relative_to(root).as_posix()
        # A template another one imports or includes by name is used through it.
        named = any(name in text for other, text in texts.items() if other != path)
        if name not in looked_up and not named:
            hint = f"; for module {path.stem!r} it must be templates/modules/{path.name}" if path.stem in names else ""
            found.append(Problem(str(path), 1, f"template {name!r} is used by no lookup (modules/NAME.j2 or one "
                                               f"of {', '.join(sorted(ours))}){hint}"))
    return found


def _read(path: Path, kind: str = "template") -> str:
    """A book file's text, read as the build reads it (no FIFO, no link out of the book); "" when refused."""
    from briefing.safety.guarded import Refused, read

    try:
        return read(path, kind, inside=path.parent if kind == "content file" else None).data.decode("utf-8")
    except (Refused, OSError, UnicodeDecodeError):
        return ""


def folded_quotes(book: model.Book) -> list[Problem]:
    """A quoted or plain text that spans lines: YAML folds its line breaks, so a blank line in it is not a new
    paragraph; a block scalar (|) keeps them."""
    found = []
    for file in book.source_files:
        if not file.endswith(".yaml") or not os.path.isfile(file):
            continue
        try:
            root = yaml.compose(_read(Path(file), "content file"),
                                Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            continue  # the loader has reported it
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                if node.style in ('"', "'", None) and node.end_mark.line > node.start_mark.line:
                    found.append(Problem(file, node.start_mark.line + 1,
                                         "a quoted text spans lines: YAML joins its lines and folds a blank line, "
                                         "so it cannot hold paragraphs; write it as a block (key: |, the text "
                                         "indented below)"))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(value for _, value in node.value)
    return found
