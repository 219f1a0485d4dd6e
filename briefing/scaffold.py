"""`briefing new`: a minimal valid book with a comment on every field, and the schemas an editor checks it against."""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from pathlib import Path

from briefing.content.describe import schemas

SCHEMA_FOLDER = ".schema"

# Placeholder texts in the languages we can write them in; another locale gets the English one.
_PLACEHOLDERS = {
    "title": {"en": "Meeting between A and B", "ja": "AとBとの会談", "ru": "Встреча А и Б", "zh": "A与B会谈",
        "ko": "A·B 회담", "fr": "Entretien entre A et B"},
    "short_title": {"en": "A–B Meeting", "ja": "A・B会談", "ru": "Встреча А и Б", "zh": "A·B会谈", "ko": "A·B 회담",
        "fr": "Entretien A–B"},
    "subtitle": {"en": "Overview", "ja": "概要", "ru": "Обзор", "zh": "概要", "ko": "개요", "fr": "Aperçu"},
    "party_a": {"en": "Country A", "ja": "A国", "ru": "Страна А", "zh": "A国", "ko": "A국", "fr": "Pays A"},
    "party_b": {"en": "Country B", "ja": "B国", "ru": "Страна Б", "zh": "B国", "ko": "B국", "fr": "Pays B"},
    "name_a": {"en": "First Name", "ja": "氏名", "ru": "Имя Фамилия", "zh": "姓名", "ko": "성명", "fr": "Prénom Nom"},
    "office_a": {"en": "Prime Minister", "ja": "総理大臣", "ru": "Премьер-министр", "zh": "总理", "ko": "총리",
        "fr": "Premier ministre"},
    "name_b": {"en": "Second Name", "ja": "氏名", "ru": "Имя Фамилия", "zh": "姓名", "ko": "성명", "fr": "Prénom Nom"},
    "office_b": {"en": "President", "ja": "大統領", "ru": "Президент", "zh": "总统", "ko": "대통령", "fr": "Président"},
    "heading": {"en": "Summary", "ja": "概要", "ru": "Основные итоги", "zh": "要点", "ko": "요점",
        "fr": "Points principaux"},
    "paragraph": {"en": "Write the overview of the meeting here.", "ja": "会談の概要をここに記す。",
        "ru": "Здесь излагается обзор встречи.", "zh": "在此撰写会谈概要。", "ko": "여기에 회담 개요를 적는다.",
        "fr": "Rédigez ici l’aperçu de l’entretien."},
    "bullet": {"en": "A first point.", "ja": "第一の点。", "ru": "Первый пункт.", "zh": "第一点。", "ko": "첫째 사항.",
        "fr": "Premier point."},
    "register": {"en": "Appendix", "ja": "別添", "ru": "Приложение", "zh": "附件", "ko": "별첨", "fr": "Annexe"},
    "category": {"en": "Signed Documents", "ja": "署名された文書", "ru": "Подписанные документы", "zh": "签署文件",
        "ko": "서명 문서", "fr": "Documents signés"},
    "document": {"en": "Memorandum on Cooperation", "ja": "協力に関する覚書", "ru": "Меморандум о сотрудничестве",
        "zh": "合作备忘录", "ko": "협력에 관한 각서", "fr": "Mémorandum de coopération"},
    "description": {"en": "What the document does.", "ja": "文書の内容。", "ru": "Содержание документа.", "zh": "文件内容。",
        "ko": "문서의 내용.", "fr": "Objet du document."},
}


# The placeholders no real book would print: `check` warns of each until it is replaced (the others, such as
# "Overview" or "President", may well be the book's own words).
MARKED = ("title", "short_title", "party_a", "party_b", "name_a", "name_b", "paragraph", "bullet", "document",
          "description")


def placeholder_texts() -> frozenset[str]:
    """Every marked placeholder in every language the scaffold writes."""
    return frozenset(text for key in MARKED for text in _PLACEHOLDERS[key].values())


def texts(key: str, locales: list[str], indent: int) -> str:
    """A text by locale as YAML lines at the given indent."""
    pad = " " * indent
    by_locale = _PLACEHOLDERS[key]
    return "".join(f'{pad}{locale}: "{by_locale.get(locale, by_locale["en"])}"\n' for locale in locales)


def blocks(key: str, locales: list[str], indent: int) -> str:
    """A text by locale as YAML block scalars (|): what prose is written as, so a blank line stays a paragraph."""
    pad = " " * indent
    by_locale = _PLACEHOLDERS[key]
    return "".join(f'{pad}{locale}: |\n{pad}  {by_locale.get(locale, by_locale["en"])}\n' for locale in locales)


def _header(schema: str, what: str) -> str:
    return f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{schema}\n# {what}\n"


def book_files(locales: list[str], title: str | None, day: datetime.date,
               book_id: str | None = None) -> dict[str, str]:
    """The files of a new book, by name; its id is the folder's name."""
    title_lines = (texts("title", locales, 2) if title is None
                   else "".join(f'  {locale}: "{_quoted(title)}"\n' for locale in locales))
    pairs = f"[{locales[1]}+{locales[0]}]" if len(locales) > 1 else "[]"
    book = (
        _header("book.schema.json", "The book: the meeting, who met, its locales and the order of its modules.")
        + "# The book's id: lower-case letters, digits, '-' and '_'.\n"
        + f"id: {book_id or day.isoformat() + '-meeting'}\n"
        + "# The day of the meeting (YYYY-MM-DD); a visit of several days adds end_date.  Quoted, so every\n"
        + "# YAML reader (editors read YAML 1.2, where an unquoted date is text) agrees on it.\n"
        + f'date: "{day.isoformat()}"\n'
        + "# The title: one text per locale, as every text of the book.\n"
        + "title:\n" + title_lines
        + "# A line under the title.\nsubtitle:\n" + texts("subtitle", locales, 2)
        + "# The short form for running heads and document properties.\nshort_title:\n"
        + (texts("short_title", locales, 2) if title is None else title_lines)
        + "# The sides of the meeting; participants name one by its id.\nparties:\n"
        + "  - id: a\n    name:\n" + texts("party_a", locales, 6)
        + "  - id: b\n    name:\n" + texts("party_b", locales, 6)
        + "# The principals, printed on the title page by party.\nparticipants:\n"
        + "  - party: a\n    name:\n" + texts("name_a", locales, 6) + "    office:\n" + texts("office_a", locales, 6)
        + "  - party: b\n    name:\n" + texts("name_b", locales, 6) + "    office:\n" + texts("office_b", locales, 6)
        + "# Every text is written in each of these locales.\n"
        + f"locales: [{', '.join(locales)}]\n"
        + "# Bilingual books built by default, primary locale first.\n"
        + f"bilingual: {pairs}\n"
        + "# Dates per locale: long (Babel's), day-month for English (12 May 2009), era or gregorian for Japanese.\n"
        + "date_style:\n" + "".join(f"  {locale}: long\n" for locale in locales)
        + "# The body in reading order: each module is the file MODULE.yaml beside this one.\n"
        + "outline:\n  - module: overview\n  - module: documents\n"
    )
    overview = (
        _header("module.schema.json", "A prose module: its blocks in reading order.")
        + "# Blocks: paragraph, bullets, numbered, section, table or figure.  Write prose as a block (|):\n"
        + "# a blank line in it starts a new paragraph (in a quoted text YAML would fold it away).\n"
        + "blocks:\n"
        + "  - paragraph:\n" + blocks("paragraph", locales, 6)
        + "  # A section is numbered by the locale's convention unless numbered: false.\n"
        + "  - section:\n      title:\n" + texts("heading", locales, 8)
        + "      blocks:\n        - bullets:\n          -\n" + texts("bullet", locales, 12)
    )
    documents = (
        _header("register.schema.json", "A register: documents grouped by category, with markers and a legend.")
        + "# The register's heading.\ntitle:\n" + texts("register", locales, 2)
        + "# Categories in printed order; documents name one by its id.\ncategories:\n"
        + "  - id: signed\n    title:\n" + texts("category", locales, 6)
        + "# Markers: leave out for ◎ ● * (signed at the ceremony, outside it, legislative approval), [] for none.\n"
        + "# Number the documents instead of marking them: numbering: depth-1 (1.) or roman (I.).\n"
        + "numbering: depth-1\nmarkers: []\n"
        + "documents:\n"
        + "  - id: memorandum\n    category: signed\n    title:\n" + texts("document", locales, 6)
        + "    # What it does: one text, or a list of paragraph and bullets blocks.\n"
        + "    description:\n" + blocks("description", locales, 6)
        + "    # Optional facts: signed_on (YYYY-MM-DD), signed_in (a text), act (signed, adopted, exchanged\n"
        + "    # or issued: what the date and place record), signed_at_ceremony,\n"
        + "    # requires_legislative_approval; a fact the source does not give is left out.\n"
        + f'    signed_on: "{day.isoformat()}"\n'
    )
    glossary = (
        _header("glossary.schema.json", "The book's terms in every locale: check warns where a translation lacks one.")
        + "# Each term in every locale, e.g.\n#   - en: \"Northern Territories\"\n#     ja: \"北方領土\"\n"
        + "terms: []\n"
    )
    return {"book.yaml": book, "overview.yaml": overview, "documents.yaml": documents, "glossary.yaml": glossary}


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def check_name_and_title(folder: str, title: str | None) -> None:
    """The folder name and `--title` held to the rules `build` and `check` apply to them, so a new book builds.

    The name follows BOOK's rule (it names the outputs); the title is a text of
    the book (characters, length) that also stands alone on the running head.
    """
    from briefing.arguments import ArgumentRefused, check_book_name
    from briefing.safety.characters import refused
    from briefing.content.schema import MAX_TEXT

    check_book_name(folder)
    if title is None:
        return
    found = refused(title)
    if found is not None:
        raise ArgumentRefused(f"--title: {found[1]}")
    if "\n" in title or "\t" in title or "\r" in title or "\u2028" in title or "\u2029" in title:
        raise ArgumentRefused("--title: a title is one line, without tabs or line breaks")
    if not title.strip():
        raise ArgumentRefused("--title: an empty title")
    if len(title) > MAX_TEXT:
        raise ArgumentRefused(f"--title: {len(title):,} characters; a text has at most {MAX_TEXT:,}")


def create(folder: Path, locales: list[str], title: str | None, day: datetime.date) -> list[Path]:
    """Writes the book into a new folder, all at once: staged beside it, then renamed into place.

    The staging folder's name is short and fixed in length, so any name the
    file system takes for the book (up to 255 bytes) can be staged; the
    parent's lock (briefing/safety/locking.py) keeps two `new` from racing to the name.
    """
    from briefing.safety.locking import writing_book

    with writing_book(folder.parent):
        return _create(folder, locales, title, day)


def _create(folder: Path, locales: list[str], title: str | None, day: datetime.date) -> list[Path]:
    staging = Path(tempfile.mkdtemp(prefix=".briefing-new-", dir=folder.parent))
    try:
        for name, text in book_files(locales, title, day, folder.name).items():
            (staging / name).write_text(text, encoding="utf-8")
        (staging / SCHEMA_FOLDER).mkdir()
        for name, text in schemas(locales).items():
            (staging / SCHEMA_FOLDER / name).write_text(text, encoding="utf-8")
        os.chmod(staging, 0o755)
        # rename() of a folder onto an existing one fails (or replaces an empty one): check, then move.
        if folder.exists() or folder.is_symlink():
            raise FileExistsError(str(folder))
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(folder.iterdir())
