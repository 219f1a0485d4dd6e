"""The content format is declared once: the JSON Schemas and docs/content-format.md are generated from it and kept current, and `briefing new` scaffolds a book that check and build accept."""

import json

import jsonschema
import pytest
import yaml

from briefing.content.describe import markdown, schemas

from conftest import ROOT, SAMPLE, run_briefing

SCHEMA_FOLDER = ROOT / "briefing" / "schemas"
BOOKS = sorted(p.parent for p in (ROOT / "content").glob("*/book.yaml"))


class Yaml12Loader(yaml.SafeLoader):
    """Reads YAML the way the YAML language server does for a schema: dates stay strings (YAML 1.2 core)."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(name: str):
    return jsonschema.Draft202012Validator(json.loads((SCHEMA_FOLDER / name).read_text(encoding="utf-8")))


def schema_for(path) -> str:
    if path.name == "book.yaml":
        return "book.schema.json"
    if path.name == "glossary.yaml":
        return "glossary.schema.json"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
    return "register.schema.json" if "documents" in data else "module.schema.json"


def it_keeps_the_installed_schemas_and_the_reference_current():
    written = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_FOLDER.glob("*.json")}
    assert written == schemas(), "run: briefing schema -o briefing/schemas --docs docs/content-format.md"
    assert (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8") == markdown()


def they_are_valid_json_schemas():
    for path in SCHEMA_FOLDER.glob("*.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("book", BOOKS, ids=[b.name for b in BOOKS])
def it_validates_every_file_of_the_sample_books(book):
    assert len(BOOKS) >= 1
    for path in sorted(book.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
        errors = [e.message for e in validator(schema_for(path)).iter_errors(data)]
        assert errors == [], (path.name, errors)


def it_rejects_a_broken_book():
    book = yaml.load((SAMPLE / "book.yaml").read_text(encoding="utf-8"), Loader=Yaml12Loader)
    book["date"] = "12 May 2009"
    del book["title"]
    book["colour"] = "red"
    messages = " | ".join(e.message for e in validator("book.schema.json").iter_errors(book))
    assert "'title' is a required property" in messages and "'colour' was unexpected" in messages
    assert "does not match" in messages  # the date
    register = yaml.load((SAMPLE / "appendix.yaml").read_text(encoding="utf-8"), Loader=Yaml12Loader)
    register["documents"][0]["signed_at_ceremony"] = "yes"
    assert any("is not of type 'boolean'" in e.message for e in validator("register.schema.json").iter_errors(register))


def it_scaffolds_a_book_that_checks_and_builds_at_once(tmp_path):
    folder = tmp_path / "visit"
    result = run_briefing("new", str(folder), "--locales", "en,ja", "--title", 'A "quoted" title', "--date", "2026-11-30")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        ".schema", "book.yaml", "documents.yaml", "glossary.yaml", "overview.yaml"]
    for path in folder.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = first.removeprefix("# yaml-language-server: $schema=")
        assert first.startswith("# yaml-language-server: $schema=") and (folder / schema).is_file(), first
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
        assert list(validator(schema_for(path)).iter_errors(data)) == []
    assert run_briefing("check", str(folder)).returncode == 0
    built = run_briefing("build", str(folder), "-o", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "visit.ja+en.pdf").is_file()


def it_refuses_to_scaffold_over_an_existing_folder(tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep")
    result = run_briefing("new", str(folder))
    assert result.returncode == 1 and f"{folder}:1: already exists" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]
    assert run_briefing("new", str(tmp_path / "x"), "--locales", "en,xx").returncode == 2
    assert run_briefing("new", str(tmp_path / "y"), "--date", "30.11.2026").returncode == 2
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


def it_scaffolds_placeholders_in_each_language_it_knows(tmp_path):
    folder = tmp_path / "visite"
    assert run_briefing("new", str(folder), "--locales", "fr,zh,ko", "--date", "2026-12-01").returncode == 0
    book = (folder / "book.yaml").read_text(encoding="utf-8")
    assert 'fr: "Entretien entre A et B"' in book and 'zh: "A与B会谈"' in book and 'ko: "A·B 회담"' in book
    assert run_briefing("check", str(folder)).returncode == 0
