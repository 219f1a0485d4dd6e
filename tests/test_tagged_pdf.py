"""Every PDF of both sample books, plain and in print mode, read as a screen reader and an archive read it:
the Matterhorn and PDF/A-2 checks (pikepdf), the reading order (poppler), roles and alt text (pdf.js)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EPOCH, books, require_tool, run_briefing
from pdf_checks import check
from pdf_structure import pdfjs_roles, struct_text

pikepdf = pytest.importorskip("pikepdf")

# A pair, a Japanese and a Russian book, and the second book with its figure: what pdf.js reads here.
PDFJS_SAMPLES = ("2009-05-12-japan-russia.ja+en.pdf", "2009-05-12-japan-russia.ru.pdf",
                 "2010-11-19-japan-mongolia.en.pdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, list]:
    """Every PDF of every sample book, built plainly and with --crop-marks --draft --marking."""
    found = {"plain": [], "print": []}
    for book in books():
        for mode, options in (("plain", ()), ("print", ("--crop-marks", "--draft", "--marking", "SECRET"))):
            out = tmp_path_factory.mktemp(f"tagged-{mode}-{book.name}")
            result = run_briefing("build", str(book), "-f", "pdf", "-o", str(out), *options,
                                  env={"SOURCE_DATE_EPOCH": EPOCH})
            assert result.returncode == 0, result.stderr
            found[mode] += [(book, pdf) for pdf in sorted(out.glob("*.pdf"))]
    return found


def they_pass_the_pdf_ua_and_pdf_a_checks_in_every_locale_pair_and_mode(built):
    failures = {pdf.name + f" ({mode})": check(pdf)[:5] for mode in built for _, pdf in built[mode]}
    assert len(failures) >= 2 * (14 + 3)
    assert {name: found for name, found in failures.items() if found} == {}


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\u00ad\u00a0\u202f]+", "", text)


def expected_texts(book, locale: str) -> list[str]:
    """The document tree's texts in its order (a pair: each block's original, then its translation), contents left out."""
    from briefing import tree
    from briefing.building.build import document_for
    from briefing.content import load_book

    texts: list[str] = []

    def add(block) -> None:
        if isinstance(block, tree.TitleBlock):
            texts.extend(t for t in (block.title, block.subtitle, block.date) if t)
        elif isinstance(block, tree.Heading):
            texts.append(block.display())
        elif isinstance(block, tree.Paragraph):
            texts.extend(tree.paragraphs(block.text))
        elif isinstance(block, tree.List):
            for item in block.items:
                texts.extend(t for t in (item.label, *tree.paragraphs(item.text)) if t)
                for nested in item.blocks:
                    add(nested)
        elif isinstance(block, tree.Table):
            cells = [*block.header, *(cell for row in block.rows for cell in row)]
            texts.extend(t for t in (block.caption, *cells, block.source) if t)
        elif isinstance(block, tree.Figure):
            texts.append(block.caption)
        elif isinstance(block, tree.Entry):
            texts.extend(t for t in (block.marker, block.title, *block.details) if t)
        elif isinstance(block, tree.Aligned):
            add(block.left)
            add(block.right)

    for block in document_for(load_book(book), locale).blocks:
        add(block)
    return [_squeezed(t) for t in texts if _squeezed(t)]


def out_of_order(read: str, texts: list[str]) -> list[str]:
    """The texts not found in `read` after the one before them: a reader would meet them out of order, or never."""
    missing, position = [], 0
    for text in texts:
        found = read.find(text, position)
        if found < 0:
            missing.append(text[:60])
        else:
            position = found + len(text)
    return missing


def they_read_in_the_document_trees_order_a_pair_row_by_row(built):
    checked = 0
    for book, pdf in built["plain"]:
        locale = pdf.name.split(".")[-2]
        read = _squeezed("".join(text for _, text in struct_text(pdf)))
        assert out_of_order(read, expected_texts(book, locale)) == [], pdf.name
        checked += 1
    assert checked == 14 + 3


def it_refuses_a_pair_read_column_after_column(built):
    book, pdf = next((b, p) for b, p in built["plain"] if p.name.endswith(".ja+en.pdf"))
    texts = expected_texts(book, "ja+en")
    read = _squeezed("".join(text for _, text in struct_text(pdf)))
    half = len(texts) // 2
    japanese = [t for t in texts[:half] if not t.isascii()]
    english = [t for t in texts[:half] if t.isascii()]
    assert out_of_order(read, japanese + english)  # the left column to its end, then the right: refused


def they_start_with_the_title_as_h1_and_skip_no_heading_level(built):
    for _, pdf in built["plain"]:
        roles = [role for role, _ in struct_text(pdf) if re.fullmatch(r"H\d", role)]
        assert roles[0] == "H1", pdf.name
        levels = [int(role[1]) for role in roles]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), pdf.name


def _languages(pdf) -> dict[str, int]:
    counts: dict[str, int] = {}
    with pikepdf.open(pdf) as document:
        counts["catalog " + str(document.Root.Lang)] = 1
        stack = [document.Root.StructTreeRoot.K]
        while stack:
            element = stack.pop()
            if "/Lang" in element:
                counts[str(element.Lang)] = counts.get(str(element.Lang), 0) + 1
            kids = element.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack.append(kid)
    return counts


def it_switches_language_on_a_pairs_translations_only(built):
    pdf = next(p for _, p in built["plain"] if p.name.endswith(".ja+en.pdf"))
    languages = _languages(pdf)
    primary = next(key for key in languages if key.startswith("catalog "))[len("catalog "):]
    assert primary.startswith("ja") and languages.pop(f"catalog {primary}") == 1
    assert languages.pop(primary) == 1  # the Document element; Japanese elements inherit it
    (english, count), = languages.items()
    assert english.startswith("en") and count > 20  # each English element says so
    single = next(p for _, p in built["plain"] if p.name.endswith("japan-russia.ru.pdf"))
    assert sorted(_languages(single).values()) == [1, 1]  # the catalog and the Document element only


def they_give_pdf_js_the_same_roles_and_the_figures_alt_text(built):
    from briefing.content import load_book

    seen = 0
    for book, pdf in built["plain"]:
        if pdf.name not in PDFJS_SAMPLES:
            continue
        roles = pdfjs_roles(pdf)
        with pikepdf.open(pdf) as document:
            expected = _roles(document.Root.StructTreeRoot.K)
        assert sorted({role for role, _ in roles}) == sorted(set(expected)), pdf.name
        figures = [alt for role, alt in roles if role == "Figure"]
        if "mongolia" in pdf.name:
            from briefing import tree
            from briefing.building.build import document_for

            alts = {block.alt for block in document_for(load_book(book), "en").blocks if isinstance(block, tree.Figure)}
            assert figures and set(figures) == alts and all(alts)
        seen += 1
    assert seen == len(PDFJS_SAMPLES)


def _roles(element) -> list[str]:
    found = [str(element.S)[1:]]
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += _roles(kid)
    return found


def it_makes_page_furniture_and_the_draft_mark_artifacts(built):
    require_tool("pdftotext")
    _, pdf = next((b, p) for b, p in built["print"] if p.name.endswith("japan-russia.en.pdf"))
    read = " ".join(text for _, text in struct_text(pdf))
    assert "DRAFT" not in read and "SECRET" not in read and "Page 1 of" not in read
    with pikepdf.open(pdf) as document:
        content = b"".join(page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array) else
                           b"".join(part.read_bytes() for part in page.Contents) for page in document.pages)
    for artifact in (b"/Subtype /Header", b"/Subtype /Footer", b"/Subtype /Watermark", b"/Type /Page"):
        assert artifact in content


def it_claims_only_the_pdf_standards_asked_for(tmp_path):
    from conftest import SAMPLE

    claims = {}
    for asked in (("ua-1",), ("none",)):
        out = tmp_path / asked[0]
        options = [item for standard in asked for item in ("--pdf-standard", standard)]
        result = run_briefing("build", str(SAMPLE), "-l", "en", "-f", "pdf", "-o", str(out), *options,
                              env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stderr
        with pikepdf.open(next(out.glob("*.pdf"))) as document:
            packet = document.Root.Metadata.read_bytes().decode()
            claims[asked[0]] = ("pdfaid:part" in packet, "pdfuaid:part" in packet, "/OutputIntents" in document.Root,
                                "/StructTreeRoot" in document.Root)
        manifest = json.loads(next(out.glob("*.manifest.json")).read_text())
        assert manifest["options"]["pdf_standards"] == ([] if asked == ("none",) else list(asked))
    assert claims == {"ua-1": (False, True, False, True), "none": (False, False, False, True)}


def it_refuses_a_figure_without_alt_text_where_it_stands(tmp_path):
    from conftest import ROOT

    import shutil

    book = tmp_path / "book"
    shutil.copytree(ROOT / "content" / "2010-11-19-japan-mongolia", book)
    module = book / "economy.yaml"
    lines = module.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(index for index, text in enumerate(lines) if text.strip() == "alt:") + 2
    lines[line - 1] = '              en: ""\n'
    module.write_text("".join(lines), encoding="utf-8")
    result = run_briefing("check", str(book))
    assert result.returncode == 1
    assert f"economy.yaml:{line}: " in result.stderr and "alt" in result.stderr


def it_keeps_the_metadata_well_formed_whatever_a_party_is_called(book_copy, tmp_path):
    """A quote ends an XMP attribute: the party names (the PDF's keywords) come back from the packet as written."""
    hostile = 'Japan "the <State>" & co'
    source = (book_copy / "book.yaml").read_text(encoding="utf-8")
    (book_copy / "book.yaml").write_text(source.replace('en: "Japan"', 'en: "Japan \\"the <State>\\" & co"', 1),
                                         encoding="utf-8")
    result = run_briefing("build", str(book_copy), "-l", "en", "-f", "pdf", "-o", str(tmp_path / "out"),
                          env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    built = next((tmp_path / "out").glob("*.pdf"))
    assert check(built) == []
    with pikepdf.open(built) as document:
        with document.open_metadata() as metadata:
            assert metadata["pdf:Keywords"] == f"{hostile}, Russian Federation"
        assert str(document.docinfo["/Keywords"]) == f"{hostile}, Russian Federation"
