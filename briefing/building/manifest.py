"""The build manifest: which inputs (content, templates, catalogs, theme, fonts) produced which outputs, by SHA-256."""

from __future__ import annotations

import json
import os
from pathlib import Path

from briefing import __version__
from briefing.book import model
from briefing.building.incremental import sha256
from briefing.fonts import find_face
from briefing.i18n import languages
from briefing.paths import CATALOG_FOLDER, TEMPLATE_FOLDER
from briefing.theme import Theme


def input_digests(book: model.Book, theme: Theme, locales: set[str] | None = None, profile: str = "") -> list[dict]:
    """Every input of the build with its SHA-256: content, templates, catalogs, theme, the fonts of these locales,
    and the ICC `profile` of a PDF/A output intent.

    Separate from write_manifest because it is the slow part (the IPAex faces
    are 8 MB each): a parallel build computes it while the workers write.
    """
    locales = locales or set(book.locales)
    inputs = [("content", Path(p)) for p in book.source_files]
    inputs += [("template", p) for p in sorted(Path(TEMPLATE_FOLDER).glob("*.j2"))]
    inputs += [("catalog", p) for p in sorted(Path(CATALOG_FOLDER).glob("*/LC_MESSAGES/*.po"))]
    # Each language's conventions (numbering, typography, line breaking), and the catalogs of languages
    # added from a folder outside the package (BRIEFING_LANGUAGES).
    used = sorted({part for locale in locales for part in locale.split("+")})
    for language in (languages.get(code) for code in used):
        if not language.catalog.is_relative_to(CATALOG_FOLDER):
            inputs.append(("catalog", language.catalog))
        inputs.append(("language", language.source))
    if getattr(theme, "path", None):
        inputs.append(("theme", Path(theme.path)))
    inputs += [("font", Path(p)) for p in sorted(_faces(theme, locales))]
    if profile:
        inputs.append(("icc profile", Path(profile)))
    listed = [{"kind": kind, "file": _shown(p, book), "sha256": _digest(kind, p)} for kind, p in inputs]
    return listed + _book_templates(book)


def _faces(theme: Theme, locales: set[str]) -> set[str]:
    """The font files the theme draws these locales with."""
    return {find_face(pattern).path for locale, fonts in theme.fonts.items() if locale in locales
            for value in fonts.values() for pattern in (value if isinstance(value, list) else [value])}


def used_fonts(theme: Theme, locales: set[str]) -> list[list]:
    """The font files of these locales by path, size and time, for the request's stamp."""
    from briefing.building.incremental import font_records

    return font_records(_faces(theme, locales))


def _digest(kind: str, path: Path) -> str:
    if kind == "content":
        return _loaded(path)
    if kind in ("font", "icc profile"):  # megabytes each, installed by the system and seldom changed
        from briefing.building.remembered import remembered_sha256

        return remembered_sha256(path)
    return sha256(path)


def _loaded(path: Path) -> str:
    """The SHA-256 of the bytes the build loaded from a content file (YAML, lock, figure); read now only if it never was.

    Hashing the file again after the build would record a file an absorb
    replaced meanwhile, not the one the outputs were made from.
    """
    from briefing.safety.guarded import loaded_digest
    from briefing.images import loaded_digests

    return loaded_digest(path) or loaded_digests.get(os.path.realpath(path)) or sha256(path)


def _book_templates(book: model.Book) -> list[dict]:
    """The book's own templates this build used, with the hash of the bytes that were actually read."""
    if not book.templates:
        return []
    from briefing.templating import used_overrides

    book_folder = Path(book.templates).resolve().parent
    used = []
    for real, digest in used_overrides.items():
        try:
            shown = str(Path(real).relative_to(book_folder))
        except ValueError:  # another book's, in a process that built several
            continue
        used.append({"kind": "book template", "file": shown, "sha256": digest})
    return sorted(used, key=lambda entry: entry["file"])


def write_manifest(path: str, book: model.Book, outputs: list[tuple[Path, str]], options,
                   inputs: list[dict], preflight: dict[Path, int] | None = None, stamp: dict | None = None,
                   keys: dict[Path, str] | None = None, digests: dict[str, str] | None = None) -> None:
    """Writes the manifest as indented JSON in a fixed order: the same inputs give the same bytes. `keys`: each
    output's key, by which the next build knows it can keep it (briefing/building/reuse.py); `digests`: the SHA-256
    of the staged files already hashed (while the build's workers wrote the rest)."""
    manifest = {
        "tool": {"name": "briefing", "version": __version__},
        "book": book.id,
        "options": {"marking": options.marking, "draft": options.draft, "crop_marks": options.crop_marks,
                    "pdf_standards": list(options.pdf_standards),
                    "reference_docx": sha256(options.reference_docx) if options.reference_docx else None},
        # `preflight`: how many defects layout left in the output (briefing/preflight), as the build warned.
        "outputs": [{"file": final.name, "sha256": (digests or {}).get(staged) or sha256(staged), "bytes": Path(staged).stat().st_size,
                     "preflight": (preflight or {}).get(final, 0),
                     **({"target": keys[final]} if keys else {})}
                    for final, staged in outputs],
        "inputs": inputs,
    }
    if stamp:  # what `briefing build` compares to say "up to date" (briefing/building/incremental.py)
        manifest["stamp"] = stamp
    with open(path, "w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False, indent=2, sort_keys=False)
        out.write("\n")


def _shown(path: Path, book: model.Book) -> str:
    """Content files by their name in the book folder; tool files relative to the package; fonts by file name."""
    for base in (Path(book.source_files[0]).parent, Path(TEMPLATE_FOLDER).parent):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return path.name
