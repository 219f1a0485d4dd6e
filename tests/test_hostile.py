"""A corpus of hostile and broken inputs, each with its expected outcome: rendered literally, or refused as file:line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from briefing.building.build import document_for
from briefing.check import load_checked
from briefing.errors import InvalidInput

from conftest import SAMPLE, require_tool

CANARY = "/tmp/briefing-pwned"


@dataclass(frozen=True)
class Case:
    """One input: how to make it from the sample book, and what must happen."""

    id: str
    category: str
    make: Callable[[Path], None]
    refused: str | None = None  # a regular expression the single error must match; None: it builds
    literal: str | None = None  # text that must come out unchanged in both formats


def put_text(text: str) -> Callable[[Path], None]:
    """Appends `text` (as a YAML double-quoted string) to a paragraph of the international module."""
    def make(book: Path) -> None:
        path = book / "international.yaml"
        source = path.read_text(encoding="utf-8")
        marker = 'en: "North Korea, U.S.-Russia relations, Afghanistan, Iran, and other regional affairs were mentioned.'
        assert marker in source
        path.write_text(source.replace(marker, marker + " " + json.dumps(text)[1:-1]), encoding="utf-8")
    return make


def put_yaml(name: str, content: str | bytes) -> Callable[[Path], None]:
    def make(book: Path) -> None:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (book / name).write_bytes(data)
    return make


def edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def make(book: Path) -> None:
        path = book / name
        source = path.read_text(encoding="utf-8")
        assert old in source, old
        path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return make


def template(name: str, content: str) -> Callable[[Path], None]:
    def make(book: Path) -> None:
        (book / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (book / "templates" / name).write_text(content, encoding="utf-8")
    return make


def link(name: str, target: str) -> Callable[[Path], None]:
    def make(book: Path) -> None:
        (book / name).unlink()
        (book / name).symlink_to(target)
    return make


CVE_2023_33733 = ("<para><font color=\"[ [ getattr(pow, Word('__globals__'))['os'].system('touch " + CANARY
                  + "') for Word in [ orgTypeFun( 'Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: "
                  "1 == 0, '__eq__': lambda self, x: self.mutate() and self.mutated < 0 and str(self) == x, "
                  "'mutate': lambda self: { setattr(self, 'mutated', self.mutated - 1) }, '__hash__': lambda self: "
                  "hash(str(self)), }, ) ] ] for orgTypeFun in [type(type(1))] ] and 'red'\">exploit</font></para>")
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
                 "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"

CASES = [
    # Hostile text: rendered literally in both formats, nothing interpreted.
    Case("reportlab-tags", "text", put_text("<b>bold</b> <i>i</i> <br/>"), literal="<b>bold</b> <i>i</i> <br/>"),
    Case("reportlab-font", "text", put_text('<font name="Courier" color="red">x</font>'),
         literal='<font name="Courier" color="red">x</font>'),
    Case("reportlab-img", "text", put_text('<img src="/etc/passwd" width="9" height="9"/>'),
         literal='<img src="/etc/passwd" width="9" height="9"/>'),
    Case("reportlab-ondraw", "text", put_text('<onDraw name="exec" label="x"/>'), literal='<onDraw name="exec" label="x"/>'),
    Case("cve-2023-33733", "text", put_text(CVE_2023_33733), literal="getattr(pow, Word('__globals__'))"),
    Case("entities", "text", put_text("&amp; &lt; &#60; &nbsp; &unknown;"), literal="&amp; &lt; &#60; &nbsp; &unknown;"),
    Case("stray-amp-lt", "text", put_text("AT&T < 5 > 3 & <"), literal="AT&T < 5 > 3 & <"),
    Case("jinja-expression", "text", put_text("{{ 7*7 }}"), literal="{{ 7*7 }}"),
    Case("jinja-statement", "text", put_text("{% for x in range(3) %}x{% endfor %}"),
         literal="{% for x in range(3) %}x{% endfor %}"),
    Case("jinja-escape-in-content", "text", put_text("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
         literal="{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    Case("word-field-code", "text", put_text('{ PAGE } <w:fldSimple w:instr="PAGE"/>'),
         literal='{ PAGE } <w:fldSimple w:instr="PAGE"/>'),
    Case("xml-doctype", "text", put_text('<!DOCTYPE x [<!ENTITY a "b">]> ]]> <![CDATA[x]]>'),
         literal='<!DOCTYPE x [<!ENTITY a "b">]> ]]> <![CDATA[x]]>'),
    Case("markup-vocabulary", "text", put_text('</p><section numbered="yes"><heading>x</heading></section><p>'),
         literal='</p><section numbered="yes"><heading>x</heading></section><p>'),
    Case("long-word", "text", put_text("x" * 3000), literal="x" * 40),
    Case("tabs-and-newlines", "text", put_text("a\tb\nc"), literal="a"),
    Case("bidi-override", "text", put_text("\u202eevil"), refused=r"character U\+202E would reorder the text"),
    Case("bidi-isolate", "text", put_text("\u2067x\u2069"), refused=r"character U\+2067 would reorder the text"),
    # Strict YAML.
    Case("duplicate-key", "yaml", edit("book.yaml", "date: 2009-05-12", "date: 2009-05-12\ndate: 2009-05-13"),
         refused=r"book\.yaml:\d+: duplicate key 'date' \(first at line \d+\)"),
    Case("alias", "yaml", edit("book.yaml", "locales: [en, ja, ru, zh, ko, fr]", "locales: &l [en, ja, ru, zh, ko, fr]\nbilingual2: *l"),
         refused=r"book\.yaml:\d+: YAML anchors and aliases are not allowed"),
    Case("billion-laughs", "yaml", put_yaml("summary.yaml", BILLION_LAUGHS), refused=r"summary\.yaml:\d+: YAML anchors"),
    Case("merge-key", "yaml", put_yaml("summary.yaml", "base: {a: 1}\nblocks:\n  <<: {x: 1}\n"),
         refused=r"summary\.yaml:3: YAML merge keys"),
    Case("python-tag", "yaml", put_yaml("summary.yaml", f"blocks: !!python/object/apply:os.system ['touch {CANARY}']\n"),
         refused=r"summary\.yaml:1: YAML tag 'tag:yaml\.org,2002:python/object/apply:os\.system' is not allowed"),
    Case("custom-tag", "yaml", put_yaml("summary.yaml", "blocks: !include ../../etc/passwd\n"),
         refused=r"summary\.yaml:1: YAML tag '!include' is not allowed"),
    Case("yaml11-no-as-text", "yaml", edit("international.yaml", 'en: "International Situations"', "en: NO"),
         literal="NO"),
    Case("yaml11-version-as-text", "yaml", edit("international.yaml", 'en: "International Situations"', "en: 1.10"),
         literal="1.10"),
    Case("yaml11-octal-as-text", "yaml", edit("international.yaml", 'en: "International Situations"', "en: 012"),
         literal="012"),
    Case("yaml11-on-as-bool", "yaml", edit("appendix.yaml", "signed_at_ceremony: true", "signed_at_ceremony: on"),
         refused=r"appendix\.yaml:\d+: documents\[0\]\.signed_at_ceremony: expected true or false, found 'on'"),
    Case("deep-nesting", "yaml", put_yaml("summary.yaml", "blocks: " + "[" * 100 + "]" * 100 + "\n"),
         refused=r"summary\.yaml:1: nesting deeper than"),
    Case("not-utf8", "yaml", put_yaml("summary.yaml", b"blocks:\n  - paragraph:\n      en: caf\xe9\n"),
         refused=r"summary\.yaml:3: not UTF-8"),
    Case("byte-order-mark", "yaml", put_yaml("summary.yaml", b"\xef\xbb\xbfblocks: []\n"),
         refused=r"summary\.yaml:1: file starts with a byte-order mark"),
    Case("tab-indent", "yaml", put_yaml("summary.yaml", "blocks:\n\t- paragraph: x\n"), refused=r"summary\.yaml:2: YAML syntax"),
    Case("empty-file", "yaml", put_yaml("summary.yaml", ""), refused=r"summary\.yaml:1: file is empty"),
    Case("not-a-mapping", "yaml", put_yaml("summary.yaml", "- a\n- b\n"),
         refused=r"summary\.yaml:1: expected a mapping at the top level, found a list"),
    Case("nul-byte", "yaml", put_yaml("summary.yaml", b"blocks: []\n\x00\n"), refused=r"summary\.yaml:\d+: "),
    Case("unterminated-quote", "yaml", put_yaml("summary.yaml", 'blocks:\n  - paragraph:\n      en: "open\n'),
         refused=r"summary\.yaml:\d+: YAML syntax"),
    # Text no output format can carry.
    Case("nul-escape", "unprintable", put_text("\x00"), refused=r"character U\+0000 cannot be printed"),
    Case("escape-char", "unprintable", put_text("\x1b[31m"), refused=r"character U\+001B cannot be printed"),
    Case("vertical-tab", "unprintable", put_text("\x0b"), refused=r"character U\+000B cannot be printed"),
    Case("c1-control", "unprintable", put_text("\x85"), refused=r"character U\+0085 cannot be printed"),
    Case("non-character", "unprintable", put_text("\uffff"), refused=r"character U\+FFFF cannot be printed"),
    Case("lone-surrogate", "unprintable", edit("international.yaml", "were mentioned.", "were mentioned.\\ud800"),
         refused=r"international\.yaml:\d+: .*(U\+D800|surrogate|YAML)"),
    # Paths and the sandbox.
    Case("module-path-traversal", "paths", edit("book.yaml", "- module: international", "- module: ../../etc/passwd"),
         refused=r"book\.yaml:\d+: outline\[2\]\.module: '\.\./\.\./etc/passwd' is not an id"),
    Case("module-absolute-path", "paths", edit("book.yaml", "- module: international", "- module: /etc/passwd"),
         refused=r"is not an id"),
    Case("module-symlink-out", "paths", link("international.yaml", "/etc/hostname"),
         refused=r"international\.yaml:1: the file links outside the book folder"),
    Case("template-dunder", "templates", template("modules/international.j2", "{{ module.__class__.__mro__ }}\n"),
         refused=r"templates/modules/international\.j2:1: template: "),
    Case("template-globals", "templates", template("modules/international.j2", "{{ cycler.__init__.__globals__.os }}\n"),
         refused=r"templates/modules/international\.j2:1: template: "),
    Case("template-format-escape", "templates",
         template("modules/international.j2", "{{ '{0.__class__.__mro__}'.format(module) }}\n"),
         refused=r"templates/modules/international\.j2:1: template: SecurityError"),
    Case("template-include-outside", "templates", template("modules/international.j2", "{% include '/etc/passwd' %}\n"),
         refused=r"templates/modules/international\.j2:1: template: TemplateNotFound"),
    Case("template-syntax", "templates", template("modules/international.j2", "line one\n{% if %}\n"),
         refused=r"templates/modules/international\.j2:2: template syntax"),
    Case("template-huge-range", "templates", template("modules/international.j2", "{% for i in range(10**9) %}{% endfor %}\n"),
         refused=r"templates/modules/international\.j2:1: template: the number 1000000000 is larger than"),
    Case("template-bad-markup", "templates", template("modules/international.j2", "<p>unclosed\n"),
         refused=r"templates:1: templates produced malformed markup"),
    Case("template-override-works", "templates",
         template("modules/international.j2", '<p>Override {{ "<b>" }}</p>\n'), literal="Override <b>"),
    # Limits.
    Case("megabyte-paragraph", "limits", put_text("word " * 200_000),
         refused=r"international\.yaml:\d+: .*text of 1,000,\d+ characters is longer than 20,000; split it"),
    Case("deep-nested-list", "limits", edit(
        "international.yaml", "      blocks:\n        - paragraph:",
        "      blocks:\n" + "".join("  " * (4 + 2 * d) + "- numbered:\n" + "  " * (5 + 2 * d) + "- text: {en: deep, ja: 深, ru: глубоко, zh: 深, ko: 깊이, fr: profond}\n"
                                  + "  " * (6 + 2 * d) + "blocks:\n" for d in range(8))
        + "  " * 20 + "- paragraph: {en: bottom, ja: 底, ru: дно, zh: 底, ko: 바닥, fr: fond}\n        - paragraph:"),
         literal="bottom"),
]


def run_case(case: Case, book: Path, tmp_path: Path):
    case.make(book)
    return load_checked(book)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def it_handles_hostile_and_broken_input(case, book_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(book_copy.parent)
    if os.path.exists(CANARY):
        os.unlink(CANARY)
    if case.refused:
        with pytest.raises(InvalidInput) as raised:
            book, _ = run_case(case, book_copy, tmp_path)
            document_for(book, "en")
        messages = [str(p) for p in raised.value.problems]
        # The cause is named; anything that follows from it is reported too, each as file:line.
        assert any(re.search(case.refused, m) for m in messages), messages
        assert all(re.match(r"^\S+:\d+: \S", m) for m in messages), messages
    else:
        book, theme = run_case(case, book_copy, tmp_path)
        document = document_for(book, "en")
        from briefing.writers import docx, html, pdf

        pdf.write(document, str(tmp_path / "out.pdf"), theme)
        docx.write(document, str(tmp_path / "out.docx"), theme)
        html.write(document, str(tmp_path / "out.html"), theme)
        pdf_text = subprocess.run([require_tool("pdftotext"), str(tmp_path / "out.pdf"), "-"],
                                  capture_output=True, text=True, check=True).stdout
        with zipfile.ZipFile(tmp_path / "out.docx") as package:
            body = package.read("word/document.xml").decode("utf-8")
        from xml.sax.saxutils import unescape

        docx_text = unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body)), {"&quot;": '"'})
        flat = re.sub(r"\s+", "", case.literal)
        assert flat in re.sub(r"\s+", "", pdf_text), "PDF"
        assert flat in re.sub(r"\s+", "", docx_text), "DOCX"
        assert flat in re.sub(r"\s+", "", _html_text(tmp_path / "out.html")), "HTML"
    assert not os.path.exists(CANARY), "hostile input ran code"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def it_makes_check_agree_with_build(case, book_copy, tmp_path, monkeypatch, capsys):
    """What `check` accepts builds and what the build refuses `check` refuses, naming the same cause as file:line."""
    from briefing.cli import main

    monkeypatch.chdir(book_copy.parent)
    case.make(book_copy)
    status = main(["check", str(book_copy)])
    errors = capsys.readouterr().err
    assert status == (1 if case.refused else 0), errors
    if case.refused:
        assert re.search(case.refused, errors), errors
def _html_text(path: Path) -> str:
    """The text a browser would show of the page's <main>, as Python's own HTML parser reads it."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.inside, self.parts = 0, []

        def handle_starttag(self, tag, attrs):
            self.inside += tag == "main"

        def handle_endtag(self, tag):
            self.inside -= tag == "main"

        def handle_data(self, data):
            if self.inside:
                self.parts.append(data)

    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def they_cover_every_category_with_forty_cases_or_more():
    categories = {case.category for case in CASES}
    assert categories == {"text", "yaml", "unprintable", "paths", "templates", "limits"}
    assert len(CASES) >= 40


def it_runs_no_reportlab_settings_or_mods_of_the_users(tmp_path, book_copy):
    """ReportLab would run reportlab_settings.py / reportlab_mods.py from the working folder and obey RL_* variables."""
    from conftest import run_briefing

    for name in ("reportlab_settings.py", "reportlab_mods.py"):
        (tmp_path / name).write_text(f"open({CANARY!r}, 'w').write('ran')\ntrustedHosts = ['evil.example']\n")
    if os.path.exists(CANARY):
        os.unlink(CANARY)
    result = run_briefing("build", str(book_copy), "-l", "en", "-f", "pdf", "-o", str(tmp_path / "out"), cwd=tmp_path,
                          env={"RL_trustedHosts": "evil.example", "RL_invariant": "1", "HOME": str(tmp_path),
                               "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert result.returncode == 0, result.stderr
    assert not os.path.exists(CANARY)


def it_names_the_theme_line_of_a_font_that_is_not_installed(tmp_path):
    from conftest import ROOT, run_briefing

    theme = tmp_path / "theme.toml"
    source = (ROOT / "briefing" / "themes" / "default.toml").read_text(encoding="utf-8")
    theme.write_text(source.replace('body = "IPAexMincho"', 'body = "No Such Mincho"'), encoding="utf-8")
    line = next(n for n, l in enumerate(theme.read_text().splitlines(), 1) if "No Such Mincho" in l)
    result = run_briefing("check", str(SAMPLE), "--theme", str(theme))
    assert result.returncode == 1
    assert f"theme.toml:{line}: fonts for 'ja': font 'No Such Mincho' is not installed" in result.stderr


def it_refuses_a_reference_that_is_not_a_word_document_and_an_output_that_is_a_file(tmp_path):
    from conftest import ROOT, run_briefing

    result = run_briefing("build", str(SAMPLE), "-o", str(tmp_path), "--reference-docx", str(ROOT / "README.md"))
    assert result.returncode == 1 and "README.md:1: reference document: not a Word document with styles (.docx)" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_briefing("build", str(SAMPLE), "-o", str(blocker))
    assert result.returncode == 2 and "not a folder" in result.stderr and blocker.read_text() == "x"
