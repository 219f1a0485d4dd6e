"""`briefing translations import` with hostile XLIFF targets: floods of placeholders, characters the content refuses.
Each is refused with its line in the file, quickly, and the book keeps every byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import SAMPLE
from doors import assert_refused, assert_within_budget, run

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    base = tmp_path_factory.mktemp("xliff")
    book = shutil.copytree(SAMPLE, base / SAMPLE.name)
    outcome = run("translations", "export", str(book), "-l", "ja", "-o", str(base / "ja.xlf"))
    assert outcome.status == 0, outcome.stderr
    return book, base / "ja.xlf"


def files(book: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(book.iterdir()) if p.is_file()}


def with_target(xliff: Path, out: Path, fill) -> Path:
    """The file with the first unit's target made by `fill(target)`, its state translated."""
    root = etree.parse(str(xliff)).getroot()
    unit = next(root.iter(f"{{{XLIFF}}}trans-unit"))
    target = unit.find(f"{{{XLIFF}}}target")
    if target is None:
        target = etree.SubElement(unit, f"{{{XLIFF}}}target")
    for child in list(target):
        target.remove(child)
    target.set("state", "translated")
    fill(target)
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return out


def text(value: str):
    def fill(target):
        target.text = value
    return fill


def placeholders(count: int, same: bool = False):
    def fill(target):
        target.text = "訳"
        for number in range(count):
            x = etree.SubElement(target, f"{{{XLIFF}}}x", {"id": "lb1" if same else f"lb{number}", "ctype": "lb"})
            x.tail = "行"
    return fill


CASES = [
    ("80000-placeholders", placeholders(80_000), r"ja\.xlf:\d+: .*80,000 placeholders; a target has at most 10,000"),
    ("9000-unknown-placeholders", placeholders(9_000), r"ja\.xlf:\d+: .*not in the source"),
    ("9000-same-placeholder", placeholders(9_000, same=True), r"ja\.xlf:\d+: .*used twice"),
    ("nel", text("訳文\x85fr: 注入"), r"ja\.xlf:\d+: .*U\+0085"),
    ("csi", text("訳文\x9b31m"), r"ja\.xlf:\d+: .*U\+009B"),
    ("space-line-separator", text("訳文 \u2028続き"), r"ja\.xlf:\d+: .*U\+2028"),
    ("paragraph-separator", text("訳文\u2029続き"), r"ja\.xlf:\d+: .*U\+2029"),
    ("bidi", text("訳文\u202e"), r"ja\.xlf:\d+: .*U\+202E"),
    ("no-glyph", text("訳文\U0001F9EC"), r"ja\.xlf:\d+: trans-unit .*no configured 'ja' font has U\+1F9EC"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def it_refuses_a_hostile_target_at_its_line_and_writes_nothing(case, exported, tmp_path):
    _, fill, pattern = case
    source, xliff = exported
    book = shutil.copytree(source, tmp_path / source.name)
    before = files(book)
    outcome = run("translations", "import", str(book), str(with_target(xliff, tmp_path / "ja.xlf", fill)))
    assert_within_budget(outcome)
    assert_refused(outcome, pattern)
    assert files(book) == before
