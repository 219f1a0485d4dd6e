"""The command line's grammar: every subcommand, option and help text, built only when arguments are read."""

from __future__ import annotations

import argparse
import functools
import textwrap

DESCRIPTION = """\
Turn a book folder of YAML content into a briefing book: a print-ready PDF,
an editable Word draft and a web page, in {languages}, or two of them side
by side."""

BUILD_EPILOG = """\
examples:
  briefing build content/2009-05-12-japan-russia
  briefing build content/2009-05-12-japan-russia -l en -f pdf -f docx -o build
  briefing build content/2009-05-12-japan-russia -l ja+en -f pdf

Outputs are OUT/<book folder>.<locale>.<pdf|docx|html>.  On invalid input every
problem is printed as file:line: message, the exit status is 1, and no file is
written or replaced."""


def language_list() -> str:
    """The languages of the language data (briefing/locale and BRIEFING_LANGUAGES), as help names them."""
    from briefing.i18n import names as languages

    names = []
    for code in languages.available():
        name = languages.name_of(code).replace(" (", ", ").rstrip(")")  # Chinese, Simplified (zh)
        names.append(f"{name} ({code})")
    return ", ".join(names)


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help text whose {languages} is the language data's list, read only when help is printed."""

    def _format_text(self, text: str) -> str:
        if "{languages}" in text:  # filled again: the list is as long as the language data makes it
            text = textwrap.fill(" ".join(text.replace("{languages}", language_list()).split()), width=78)
        return super()._format_text(text)

    def _expand_help(self, action) -> str:
        expanded = super()._expand_help(action)
        if "{languages}" in expanded:
            from briefing.i18n import names as languages

            expanded = expanded.replace("{languages}", ", ".join(languages.available()))
        return expanded


@functools.lru_cache(maxsize=1)
def parser() -> argparse.ArgumentParser:
    """The grammar, made once a process: the build server's warm-up makes it for all its commands (argparse
    looks for its own translations on disk for every option it adds)."""
    top = argparse.ArgumentParser(prog="briefing", description=DESCRIPTION, formatter_class=_Help)
    from briefing import __version__

    top.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="build the PDF and DOCX outputs of a book",
                                description="Build a briefing book.", epilog=BUILD_EPILOG,
                                formatter_class=_Help)
    build.add_argument("books", nargs="+", metavar="BOOK",
                       help="the book folder (holds book.yaml); several (content/*/) share one pool of workers")
    build.add_argument("-l", "--locale", action="append", dest="locales", metavar="LOCALE",
                       help="{languages} or a pair such as ja+en; repeatable (default: the book's locales and pairs)")
    build.add_argument("-f", "--format", action="append", dest="formats", choices=("pdf", "docx", "html"),
                       help="output format; repeatable (default: pdf and docx)")
    build.add_argument("-o", "--output", default="build", metavar="OUT", help="output folder (default: build)")
    build.add_argument("-j", "--jobs", type=int, default=0, metavar="JOBS",
                       help="build targets in this many processes (default: one per processor core)")
    build.add_argument("--theme", metavar="FILE", help="a PDF theme file (copy briefing/themes/default.toml)")
    build.add_argument("--marking", metavar="TEXT",
                       help="the marking printed in header and footer of every page (default: the book's "
                            "classification); translated where the book lists it under markings")
    build.add_argument("--draft", action="store_true", help="add a diagonal DRAFT watermark (localized)")
    build.add_argument("--crop-marks", action="store_true",
                       help="print mode: each A4 page on a larger sheet with 3 mm bleed and crop marks")
    build.add_argument("--pdf-standard", action="append", dest="pdf_standards", choices=("a-2a", "ua-1", "none"),
                       help="the standard the PDF meets and declares: a-2a (PDF/A-2a, archival) or ua-1 "
                            "(PDF/UA-1, accessible); repeatable; none: neither, still tagged (default: both)")
    build.add_argument("--strict", action="store_true",
                       help="make layout warnings (the preflight report: loose or overfull lines, lines not "
                            "flush) errors, for a print run: nothing is written")
    build.add_argument("--reference-docx", metavar="FILE",
                       help="take Word styles from this .docx, as pandoc does (see `briefing reference-docx`)")
    build.add_argument("--force", action="store_true",
                       help="build again even when the outputs are up to date (same request, same inputs, "
                            "outputs as written: then nothing is written)")

    reference = commands.add_parser(
        "reference-docx", help="write the default reference .docx, to restyle in Word and pass to --reference-docx",
        description="Write the default reference document: its styles are the ones the Word draft uses.")
    reference.add_argument("out", metavar="FILE", help="where to write the .docx")
    reference.add_argument("-l", "--locale", default="en",
                           help="the language whose fonts the styles use (default: en; any in briefing/locale)")
    reference.add_argument("--theme", metavar="FILE", help="take fonts, sizes and colours from this theme")

    new = commands.add_parser("new", help="write a minimal valid book to start from",
                              description="Write a new book folder: book.yaml, a prose module, a register with one "
                                          "document and a glossary, each field commented, with the JSON Schemas an "
                                          "editor checks them against in FOLDER/.schema/ (its id is the folder's "
                                          "name). Refuses an existing folder. Its placeholder texts are warned of by "
                                          "check until replaced. Translations are tracked from the first `briefing "
                                          "translations mark-reviewed --all FOLDER`, which writes translations.lock: "
                                          "after it, a text changed in the source locale makes its translations "
                                          "stale.")
    new.add_argument("folder", metavar="FOLDER", help="the new book folder (must not exist)")
    new.add_argument("--locales", default="en", metavar="LIST", help="comma-separated locales, e.g. en,ja (default: en)")
    new.add_argument("--title", metavar="TEXT", help="the meeting's title (in every locale until translated)")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="the day of the meeting (default: today)")

    schema = commands.add_parser("schema", help="write the JSON Schemas of the content format",
                                 description="Write the JSON Schema of each kind of file (book, module, register, "
                                             "glossary) into a folder, for editors with the YAML language server.")
    schema.add_argument("-o", "--output", default=".", metavar="DIR", help="the folder to write into (default: .)")
    schema.add_argument("--docs", metavar="FILE", help="also write the content format's reference (Markdown) to FILE")
    preview = commands.add_parser(
        "preview", help="serve the book as a web page on 127.0.0.1 that follows every saved change",
        description="Serve the book's HTML on 127.0.0.1 only; it is rebuilt whenever a content, template, "
                    "catalog, glossary or theme file changes, and the open page reloads itself. Invalid content "
                    "shows its file:line problems in the page. Ctrl-C stops.")
    preview.add_argument("book", metavar="BOOK", help="the book folder (holds book.yaml)")
    preview.add_argument("-l", "--locale", metavar="LOCALE", help="the locale or pair shown first (default: the first)")
    preview.add_argument("--port", type=int, default=8000, metavar="N",
                         help="the port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    preview.add_argument("--theme", metavar="FILE", help="a theme file (copy briefing/themes/default.toml)")

    check = commands.add_parser("check", help="validate a book and write nothing",
                                description="Validate a book as a build would (content, fonts, templates and the "
                                              "document tree of every locale and pair); write nothing.")
    check.add_argument("book", metavar="BOOK", nargs="?", help="the book folder (holds book.yaml)")
    check.add_argument("--theme", metavar="FILE",
                       help="a theme file: checked against the schema, and its fonts against the book")
    check.add_argument("--strict", action="store_true",
                       help="make warnings (stale or missing translations, glossary terms) errors, for a print run")

    translations = commands.add_parser(
        "translations", help="translations: status, mark-reviewed, XLIFF export and import",
        description="The translators' workflow: which translations are stale or missing, XLIFF 1.2 for CAT tools.")
    actions = translations.add_subparsers(dest="action", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="per locale: texts and words translated, stale, missing")
    status.add_argument("book", metavar="BOOK")
    status.add_argument("-l", "--locale", action="append", dest="locales", metavar="LOCALE")
    status.add_argument("--list", action="store_true", help="name each stale or missing text with file:line")
    status.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    reviewed = actions.add_parser("mark-reviewed", help="record translations as made from the current source text")
    reviewed.add_argument("book", metavar="BOOK")
    reviewed.add_argument("places", nargs="*", metavar="FILE:LINE",
                          help="a translation's file:line (or its text's content path)")
    reviewed.add_argument("-l", "--locale", action="append", dest="locales", metavar="LOCALE")
    reviewed.add_argument("--all", action="store_true", help="every translation (of the locales given with -l)")
    export = actions.add_parser("export", help="write an XLIFF 1.2 file of one locale for a CAT tool")
    export.add_argument("book", metavar="BOOK")
    export.add_argument("-l", "--locale", required=True, metavar="LOCALE")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument("--only-needed", action="store_true", help="only the stale and missing texts")
    export.add_argument("--copy-source", action="store_true",
                        help="put the source text in each target (the translation moves to <alt-trans>), "
                             "for CAT tools that translate the target element, such as OmegaT 3")
    export.add_argument("--tmx", action="store_true",
                        help="write the book's memory instead (TMX 1.4: each reviewed translation beside its source), "
                             "for a CAT tool's memory folder (OmegaT: tm/auto)")
    imported = actions.add_parser("import", help="write an XLIFF file's translations back into the YAML")
    imported.add_argument("book", metavar="BOOK")
    imported.add_argument("xliff", metavar="FILE")
    imported.add_argument("--dry-run", action="store_true", help="print the changes and write nothing")
    absorbed = commands.add_parser(
        "absorb", help="write the edits, decided tracked changes and comments of a Word draft back into the content",
        description="Read an edited Word draft of BOOK (built by `briefing build -f docx`) and write its edits back "
                    "into the YAML, every untouched byte kept; print each as file:line: old → new.",
        epilog=ABSORB_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    absorbed.add_argument("book", metavar="BOOK")
    absorbed.add_argument("draft", metavar="DRAFT.docx")
    absorbed.add_argument("--dry-run", action="store_true", help="print the edits and write nothing")
    absorbed.add_argument("--accept-all", action="store_true", help="accept every tracked change")
    absorbed.add_argument("--reject-all", action="store_true", help="reject every tracked change (but those of "
                                                                      "--accept-author)")
    absorbed.add_argument("--accept-author", action="append", default=[], metavar="NAME",
                          help="accept this reviewer's tracked changes; repeatable")
    absorbed.add_argument("--keep-draft", action="store_true",
                          help="a text changed in the draft and in the content since: take the draft's")
    absorbed.add_argument("--keep-content", action="store_true",
                          help="a text changed in the draft and in the content since: keep the content's")
    absorbed.add_argument("--comments-to-yaml", action="store_true",
                          help="also write each comment as a YAML comment above the text it is anchored on")
    absorbed.add_argument("--skip-unmapped", action="store_true",
                          help="absorb what maps to content and list the rest, instead of refusing the draft")
    served = commands.add_parser(
        "server", help="start, stop or ask about the build server, which spares later commands their start-up",
        description="A process that has loaded what every command needs; while it runs, each `briefing` command "
                    "of this user is run by a fresh copy of it, with the same outputs, in a fraction of the time. "
                    "It stops by itself after --idle minutes without a command, and when the tool, its libraries "
                    "or the installed fonts change. BRIEFING_SERVER=off makes a command ignore it.")
    served.add_argument("action", choices=("start", "stop", "status"))
    served.add_argument("--idle", type=float, default=30, metavar="MINUTES",
                        help="stop after this many minutes without a command (default: 30)")
    return top


ABSORB_EPILOG = """\
examples:
  briefing absorb content/2009-05-12-japan-russia cleared.docx --dry-run
  briefing absorb content/2009-05-12-japan-russia cleared.docx --accept-author "A. Tanaka" --reject-all

Undecided tracked changes, edits the content cannot take (generated text, a new
heading, a moved block) and texts changed on both sides since the draft was
built are listed as file:line: message, the exit status is 1, and no file is
written."""
