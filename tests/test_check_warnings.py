"""What `check` warns of (and `--strict` refuses): placeholders, texts copied across scripts, unused files, folded quotes, YAML mistakes."""

import re
import shutil

import pytest
import yaml

from briefing.content.describe import schemas
from briefing.content.yamlsource import read_yaml
from briefing.errors import Problems

from conftest import ROOT, run_briefing

SECOND = ROOT / "content" / "2010-11-19-japan-mongolia"


@pytest.fixture
def second(tmp_path):
    """A private copy of the second sample book, clean under --strict."""
    target = tmp_path / "second"
    shutil.copytree(SECOND, target)
    return target


def warnings_of(folder) -> tuple[int, list[str], int]:
    """check's warnings, and the exit status of check and of check --strict."""
    result = run_briefing("check", str(folder))
    strict = run_briefing("check", "--strict", str(folder))
    return result.returncode, [line for line in result.stderr.splitlines() if line], strict.returncode


def it_warns_of_every_placeholder_of_a_new_book_until_replaced(tmp_path):
    folder = tmp_path / "visit"
    assert run_briefing("new", str(folder), "--locales", "en,ja", "--date", "2026-12-01").returncode == 0
    status, warnings, strict = warnings_of(folder)
    assert status == 0 and strict == 1
    for placeholder in ("'Country A'", "'First Name'", "'Write the overview of the meeting here.'", "'A国'"):
        assert any(placeholder in warning and "placeholder" in warning for warning in warnings), placeholder
    assert all(re.match(r".+\.yaml:\d+: ", warning) for warning in warnings), warnings


def it_warns_of_a_text_copied_into_a_locale_of_another_script(tmp_path):
    folder = tmp_path / "visit"
    assert run_briefing("new", str(folder), "--locales", "en,ja,zh", "--title", "State Visit").returncode == 0
    _, warnings, _ = warnings_of(folder)
    copied = [w for w in warnings if "the same text as en" in w]
    assert {w.split(": ")[1] for w in copied} == {"ja", "zh"}
    assert all(re.match(r".+book\.yaml:\d+: ", w) for w in copied)


def it_takes_the_books_id_from_its_folder_and_quotes_dates(tmp_path):
    folder = tmp_path / "2026-12-01-summit"
    assert run_briefing("new", str(folder), "--date", "2026-12-01").returncode == 0
    book = yaml.safe_load((folder / "book.yaml").read_text(encoding="utf-8"))
    assert book["id"] == "2026-12-01-summit" and book["date"] == "2026-12-01"  # text even to a YAML 1.1 reader


def it_writes_schemas_that_take_only_the_books_locales(tmp_path):
    folder = tmp_path / "visit"
    assert run_briefing("new", str(folder), "--locales", "en,ja").returncode == 0
    text = (folder / ".schema" / "module.schema.json").read_text(encoding="utf-8")
    assert '"^(en|ja)$"' in text and "[a-z]{2,3}" not in text
    assert "[a-z]{2,3}" in schemas()["module.schema.json"]  # the installed ones take any language


def it_is_clean_on_the_second_sample_book(second):
    assert warnings_of(second) == (0, [], 0)


def it_warns_of_a_module_file_no_outline_names(second):
    shutil.copy(second / "politics.yaml", second / "notes.yaml")
    status, warnings, strict = warnings_of(second)
    assert status == 0 and strict == 1
    assert any(re.search(r"notes\.yaml:1: module 'notes' is named in no outline entry", w) for w in warnings)


def it_warns_of_a_template_no_lookup_uses(second):
    (second / "templates" / "modules").mkdir(parents=True)
    (second / "templates" / "economy.j2").write_text("<p>misplaced</p>\n", encoding="utf-8")
    (second / "templates" / "modules" / "politics.j2").write_text("<p>used</p>\n", encoding="utf-8")
    _, warnings, strict = warnings_of(second)
    assert strict == 1
    flagged = [w for w in warnings if "is used by no lookup" in w]
    assert len(flagged) == 1 and "economy.j2:1:" in flagged[0] and "templates/modules/economy.j2" in flagged[0]


def it_warns_where_a_quoted_text_spans_lines(second):
    path = second / "overview.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if re.match(r'\s+en: "', l))
    lines = text.splitlines()
    key, value = lines[line - 1].split('en: "', 1)
    lines[line - 1:line] = [f'{key}en: "First paragraph.', "", f'{key}  Second paragraph."']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, warnings, strict = warnings_of(second)
    assert strict == 1
    assert any(f"overview.yaml:{line}: a quoted text spans lines" in w for w in warnings), warnings


@pytest.mark.parametrize("text, fix", [
    ("a:\n\tb: 1\n", "a tab cannot indent YAML; use spaces"),
    ("title: The aim: peace\n", "a text containing ': ' must be quoted or written as a block (|)"),
])
def it_adds_the_usual_fix_to_a_yaml_syntax_error(tmp_path, text, fix):
    path = tmp_path / "module.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    assert read_yaml(str(path), "module.yaml", problems) is None
    messages = [str(p) for p in problems.found]
    assert len(messages) == 1 and messages[0].startswith("module.yaml:") and messages[0].endswith(fix), messages


def it_names_every_language_in_help():
    top = run_briefing("--help").stdout
    build = " ".join(run_briefing("build", "--help").stdout.split())
    for name in ("English", "Japanese", "Russian", "Chinese", "Korean", "French"):
        assert name in " ".join(top.split())
    assert "en, fr, ja, ko, ru, zh or a pair" in build
