"""`briefing absorb` with hostile drafts: comments that try to become content, forged snapshots, characters the
content refuses. Each is refused with its place (or kept a comment) and the book keeps every byte it had."""

from __future__ import annotations

import random
import re
import shutil
import string
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from conftest import EPOCH, SAMPLE, in_three_locales
from doors import assert_absorb_reach, assert_refused, assert_within_budget, run
from test_absorb import (ARRIVAL, FIRST_PARAGRAPH, element, rewrite, run_after, set_run_text, snapshot_ids,
                         with_comments)

SNAPSHOT = "{urn:briefing:draft:1}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("absorb")
    book = in_three_locales(shutil.copytree(SAMPLE, base / "source" / SAMPLE.name))
    outcome = run("build", str(book), "-l", "en", "-f", "docx", "-o", str(base / "out"), "-j", "1",
                  env={"SOURCE_DATE_EPOCH": EPOCH})
    assert outcome.status == 0, outcome.stderr
    return book, base / "out" / f"{book.name}.en.docx"


def files(book: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(book.iterdir()) if p.is_file()}


def commented(draft: Path, out: Path, author: str, text: str) -> Path:
    """The draft with one comment by `author` on the first paragraph."""
    ids = snapshot_ids(draft)

    def edit(root):
        run_ = run_after(root, ids[(FIRST_PARAGRAPH, "en-GB")])
        run_.addprevious(element("commentRangeStart", id="0"))
        run_.addnext(element("commentRangeEnd", id="0"))
        reference = element("r")
        reference.append(element("commentReference", id="0"))
        next(run_.itersiblings()).addnext(reference)

    extra, renames = with_comments([("0", author, "2026-11-30T09:05:00Z", text)])
    return rewrite(draft, out, edit, extra=extra, rename=renames)


def edited(draft: Path, out: Path, words: str, path: str = FIRST_PARAGRAPH) -> Path:
    ids = snapshot_ids(draft)
    return rewrite(draft, out, lambda root: set_run_text(run_after(root, ids[(path, "en-GB")]), words))


def forged(draft: Path, out: Path, change) -> Path:
    """The draft with its snapshot part passed through `change(root, ids)` and the first paragraph edited."""
    ids = snapshot_ids(draft)
    with zipfile.ZipFile(draft) as package:
        name = next(n for n in package.namelist() if re.fullmatch(r"customXml/item\d+\.xml", n)
                    and b"urn:briefing:draft:1" in package.read(n))

    def snapshot(data: bytes) -> bytes:
        root = etree.fromstring(data)
        change(root, ids)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return rewrite(draft, out, lambda root: set_run_text(run_after(root, ids[(FIRST_PARAGRAPH, "en-GB")]),
                                                         "UNCLASSIFIED"), rename={name: snapshot})


def record_of(root, identifier):
    return next(e for e in root if e.get("id") == identifier)


def repoint(path):
    def change(root, ids):
        record_of(root, ids[(FIRST_PARAGRAPH, "en-GB")]).set("path", path)
    return change


def unpath(root, ids):
    del record_of(root, ids[(FIRST_PARAGRAPH, "en-GB")]).attrib["path"]


def many_paragraphs(draft: Path, out: Path) -> Path:
    """300,000 empty paragraphs before the section properties, each with a random revision id as Word writes them
    (so the part is not compressed past the zip-bomb ratio, which would refuse it first)."""
    paragraphs = b"".join(b'<w:p w:rsidR="%08X"/>' % random.getrandbits(32) for _ in range(300_000))
    return rewrite(draft, out, rename={"word/document.xml": lambda data: data.replace(
        b"<w:sectPr", paragraphs + b"<w:sectPr", 1)})


def long_paragraph(draft: Path, out: Path) -> Path:
    """A paragraph of 9,500,000 random letters (random, so that it is not refused as a zip bomb first)."""
    return edited(draft, out, "".join(random.choices(string.ascii_letters + " ", k=9_500_000)))


def many_comments(draft: Path, out: Path) -> Path:
    extra, renames = with_comments([(str(n), "Eve", "2026-11-30T09:05:00Z", "again") for n in range(10_000)])
    return rewrite(draft, out, extra=extra, rename=renames)


def many_comment_ranges(draft: Path, out: Path) -> Path:
    ranges = b"".join(b'<w:commentRangeStart w:id="%d"/>' % n for n in range(10_000))
    return rewrite(draft, out, rename={"word/document.xml": lambda data: data.replace(b"<w:body>", b"<w:body><w:p>" + ranges + b"</w:p>", 1)})


REFUSED = [
    ("paragraphs-300000", many_paragraphs, [], r"hostile\.docx:50001: word/document\.xml: more than 50,000 paragraphs"),
    ("comments-10000", many_comments, [], r"hostile\.docx:1: word/comments\.xml: more than 1,000 comments"),
    ("comment-ranges-10000", many_comment_ranges, [], r"hostile\.docx:1: word/document\.xml: more than 1,000 comment ranges"),
    ("paragraph-9500000-characters", long_paragraph, [],
     r"hostile\.docx:\d+: word/document\.xml: a paragraph of more than 25,000 characters"),
    # (name, make the draft, extra options, the message)
    ("forged-marking", lambda d, o: forged(d, o, repoint("book.yaml:markings[0]")), [],
     r"'book\.yaml:markings\[0\]', a text the draft does not show as one"),
    ("forged-date-style", lambda d, o: forged(d, o, repoint("book.yaml:date_style")), [],
     r"'book\.yaml:date_style', which is not a text of the book"),
    ("forged-other-file", lambda d, o: forged(d, o, repoint("../../etc/passwd:x")), [],
     r"not a text of the book"),
    ("record-without-path", lambda d, o: forged(d, o, unpath), [], r"without a content path"),
    ("text-nel", lambda d, o: edited(d, o, "An opening\x85fr: \"injected\""), [], r"summary\.yaml:\d+: en: .*U\+0085"),
    ("text-csi", lambda d, o: edited(d, o, "An opening\x9b31m"), [], r"summary\.yaml:\d+: en: .*U\+009B"),
    ("text-space-line-separator", lambda d, o: edited(d, o, "An opening \u2028continued"), [],
     r"summary\.yaml:\d+: en: .*U\+2028"),
    ("text-no-glyph", lambda d, o: edited(d, o, "An opening \U0001F9EC"), [],
     r"summary\.yaml:\d+: en: from the draft: no configured 'en' font has U\+1F9EC"),
    ("text-bidi", lambda d, o: edited(d, o, "An opening \u202egninepo"), [], r"summary\.yaml:\d+: en: .*U\+202E"),
    ("comment-nel", lambda d, o: commented(d, o, "Eve", "fine\x85fr: \"injected\""), ["--comments-to-yaml"],
     r"summary\.yaml:\d+: comment: the comment: character U\+0085"),
    ("comment-bidi", lambda d, o: commented(d, o, "Eve", "see \u202eereht"), ["--comments-to-yaml"],
     r"comment: the comment: character U\+202E"),
    ("comment-author-bidi", lambda d, o: commented(d, o, "Eve\u202e", "fine"), ["--comments-to-yaml"],
     r"comment: the author: character U\+202E"),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def it_refuses_a_hostile_draft_at_its_place_and_writes_nothing(case, built, tmp_path):
    name, make, options, pattern = case
    source, draft = built
    book = shutil.copytree(source, tmp_path / "book" / source.name)
    before = files(book)
    hostile = make(draft, tmp_path / "hostile.docx")
    outcome = run("absorb", str(book), str(hostile), *options, env={"TMPDIR": str(tmp_path)})
    assert_refused(outcome, pattern)
    assert "Traceback" not in outcome.stderr
    assert files(book) == before


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\r", "\r\n"])
def it_keeps_a_comment_a_comment_whatever_line_break_it_holds(separator, built, tmp_path):
    source, draft = built
    book = shutil.copytree(source, tmp_path / "book" / source.name)
    before = files(book)
    hostile = commented(draft, tmp_path / "hostile.docx", "Eve", f"fine{separator}fr: \"Une traduction glissée\"")
    outcome = run("absorb", str(book), str(hostile), "--comments-to-yaml", env={"TMPDIR": str(tmp_path)})
    assert_within_budget(outcome)
    assert_absorb_reach(outcome, book, tmp_path)
    assert outcome.status == 0, outcome.stderr
    after = files(book)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == ["summary.yaml"]
    old, new = before["summary.yaml"].decode(), after["summary.yaml"].decode()
    assert yaml.safe_load(old) == yaml.safe_load(new)  # nothing but comments added
    added = [line for line in new.splitlines() if line not in old.splitlines()]
    assert added and all(line.lstrip().startswith("# ") for line in added), added
    assert "Une traduction glissée" not in str(yaml.safe_load(new))


def it_tells_a_comment_yaml_ends_early_from_one_that_stays_a_comment():
    """The re-read that backs the line rule: a break YAML knows inside a written comment changes what the file says."""
    from briefing.safety.incoming import added_only_comments, comment_lines

    before = 'text:\n  en: "x"\n'
    assert added_only_comments(before, 'text:\n  # Eve: fine\n  # fr: "y"\n  en: "x"\n')
    assert not added_only_comments(before, 'text:\n  # Eve: fine\u2028  fr: "y"\n  en: "x"\n')
    assert not added_only_comments(before, 'text:\n  # Eve: fine\x85  fr: "y"\n  en: "x"\n')
    assert comment_lines("a\u2028b\u2029c\rd\r\ne\x85f") == "a\nb\nc\nd\ne\nf"
