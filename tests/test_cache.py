"""The user's cache (briefing/cache.py): a shortcut to results the tool would compute anyway, never a change to them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, assert_same_bytes, run_briefing

SAMPLE = ROOT / "content" / "2009-05-12-japan-russia"


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE", str(folder))
    return folder


def test_an_entry_stored_is_loaded_and_a_missing_one_is_none(cache_folder):
    from briefing import cache

    cache.store("kind", "entry", b"bytes")
    assert cache.load("kind", "entry") == b"bytes"
    assert cache.load("kind", "other") is None
    assert not [p for p in (cache_folder / "kind").iterdir() if p.name.startswith(".")]  # no temporary left


def test_off_keeps_nothing(tmp_path, monkeypatch):
    from briefing import cache

    monkeypatch.setenv("BRIEFING_CACHE", "off")
    cache.store("kind", "entry", b"bytes")
    assert cache.folder() is None and cache.load("kind", "entry") is None


def test_a_folder_others_may_write_into_is_not_read(cache_folder):
    from briefing import cache

    cache.store("templates", "entry", b"code")
    os.chmod(cache_folder / "templates", 0o777)
    assert cache.load("templates", "entry") is None
    os.chmod(cache_folder / "templates", 0o700)
    os.chmod(cache_folder, 0o775)
    assert cache.load("templates", "entry") is None


def test_an_unwritable_cache_costs_nothing_but_time(tmp_path, monkeypatch):
    from briefing import cache

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRIEFING_CACHE", str(blocker / "cache"))
    cache.store("kind", "entry", b"bytes")  # no error
    assert cache.load("kind", "entry") is None


def test_the_key_changes_with_every_part():
    from briefing import cache

    assert cache.key("a", 1) == cache.key("a", 1)
    assert len({cache.key("a", 1), cache.key("a", 2), cache.key("a1"), cache.key("a", "1", "")}) == 4


@pytest.mark.parametrize("language", ["en", "ru", "fr"])
def test_cached_patterns_hyphenate_as_pyphen_parses_them(cache_folder, language):
    import pyphen

    from briefing.writers.pdf.compose import hyphens

    rules = hyphens.RULES[language]
    path = pyphen.LANGUAGES[pyphen.language_fallback(rules.patterns)]
    parsed = pyphen.HyphDict(path)
    stored = hyphens._cached_patterns(pyphen, path)  # parsed, then stored
    assert list((cache_folder / "hyphenation").iterdir()), "nothing was stored"
    loaded = hyphens._cached_patterns(pyphen, path)  # from the cache
    assert loaded is not stored
    assert loaded.patterns == parsed.patterns and loaded.maxlen == parsed.maxlen
    for word in ("hyphenation", "typesetting", "переносить", "международных", "négociations", "diplomatique"):
        assert loaded.positions(word) == parsed.positions(word)


def test_a_damaged_pattern_entry_is_parsed_again(cache_folder):
    import pyphen

    from briefing.writers.pdf.compose import hyphens

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_GB")]
    hyphens._cached_patterns(pyphen, path)
    (entry,) = (cache_folder / "hyphenation").iterdir()
    entry.write_bytes(b"\x00not marshal")
    again = hyphens._cached_patterns(pyphen, path)
    assert again.patterns == pyphen.HyphDict(path).patterns


@pytest.mark.parametrize("language", ["en", "ja", "ru", "zh", "ko", "fr"])
def test_a_cached_catalog_translates_as_the_catalog_compiled_again(cache_folder, language):
    from briefing.i18n import localizer

    compiled = localizer.load_translations.__wrapped__(language)  # compiled, then stored
    assert list((cache_folder / "catalogs").iterdir()), "nothing was stored"
    loaded = localizer.load_translations.__wrapped__(language)  # from the cache
    assert loaded._catalog == compiled._catalog and len(loaded._catalog) > 10
    assert loaded.plural(1) == compiled.plural(1) and loaded.plural(5) == compiled.plural(5)


def test_a_cached_catalog_spares_a_build_babels_po_parser(cache_folder):
    code = ("import sys\nfrom briefing.i18n import localizer\nlocalizer.load_translations('fr')\n"
            "print('babel.messages.pofile' in sys.modules)")
    said = [subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert said == ["True\n", "False\n"]


def test_a_damaged_catalog_entry_is_compiled_again(cache_folder):
    from briefing.i18n import localizer

    first = localizer.load_translations.__wrapped__("ru")
    (entry,) = (cache_folder / "catalogs").iterdir()
    for damage in (b"\x00not a catalog", entry.read_bytes()[:40]):
        entry.write_bytes(damage)
        assert localizer.load_translations.__wrapped__("ru")._catalog == first._catalog
        assert entry.read_bytes()[:4] == b"\xde\x12\x04\x95"  # stored whole again


def test_a_damaged_compiled_template_is_compiled_again(cache_folder):
    first = run_briefing("check", str(SAMPLE))
    assert first.returncode == 0, first.stderr
    entries = list((cache_folder / "templates").iterdir())
    assert entries, "no compiled template was stored"
    for entry in entries:
        entry.write_bytes(b"garbage that is not Jinja2's bytecode")
    again = run_briefing("check", str(SAMPLE))
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout


def test_outputs_are_the_same_bytes_with_an_empty_a_full_and_no_cache(tmp_path):
    """The cache holds compiled templates and parsed patterns: none of them may change a byte of an output."""
    epoch = {"SOURCE_DATE_EPOCH": "1242086400"}
    cache = tmp_path / "cache"
    args = ("-l", "en", "-l", "ru+en", "-f", "pdf", "-f", "docx", "-f", "html", "--force")
    empty = run_briefing("build", str(SAMPLE), "-o", str(tmp_path / "empty"), *args, env={**epoch, "BRIEFING_CACHE": str(cache)})
    assert empty.returncode == 0, empty.stderr
    assert {"templates", "hyphenation", "catalogs", "stamps"} <= {p.parent.name for p in cache.glob("*/*")}
    full = run_briefing("build", str(SAMPLE), "-o", str(tmp_path / "full"), *args, env={**epoch, "BRIEFING_CACHE": str(cache)})
    off = run_briefing("build", str(SAMPLE), "-o", str(tmp_path / "off"), *args, env={**epoch, "BRIEFING_CACHE": "off"})
    assert full.returncode == 0 and off.returncode == 0, full.stderr + off.stderr
    names = sorted(p.name for p in (tmp_path / "empty").iterdir() if not p.name.endswith(".manifest.json"))
    assert len(names) == 6
    assert_same_bytes(tmp_path / "empty", tmp_path / "full", names)
    assert_same_bytes(tmp_path / "empty", tmp_path / "off", names)


def test_a_tool_folder_digest_from_the_cache_is_the_one_its_files_give(cache_folder, tmp_path):
    import time
    from pathlib import Path

    from briefing.building import incremental

    tool = tmp_path / "tool"
    (tool / "sub").mkdir(parents=True)
    (tool / "a.py").write_text("one = 1\n")
    (tool / "sub" / "b.txt").write_text("text\n")
    read = incremental._folder_digest(tool, "/none")
    assert incremental._folder_digest(tool, "/none", tool=True) == read  # made, then stored
    assert incremental._folder_digest(tool, "/none", tool=True) == read  # from the cache
    # An edit of the same size is a new time, so a new listing: the files are read again.
    time.sleep(0.01)
    (tool / "a.py").write_text("one = 2\n")
    edited = incremental._folder_digest(tool, "/none", tool=True)
    assert edited != read and edited == incremental._folder_digest(tool, "/none")
    for entry in Path(cache_folder / "stamps").iterdir():
        entry.write_bytes(b"short")  # damaged: not a digest, so read again
    assert incremental._folder_digest(tool, "/none", tool=True) == edited


def test_a_remembered_font_digest_is_its_sha256_and_follows_every_change(cache_folder, tmp_path, monkeypatch):
    import hashlib

    from briefing.building import remembered

    face = tmp_path / "face.ttf"
    face.write_bytes(b"glyphs" * 1000)
    truth = lambda: hashlib.sha256(face.read_bytes()).hexdigest()  # noqa: E731
    assert remembered.remembered_sha256(face) == truth()
    monkeypatch.setattr(remembered, "_KNOWN", {})  # a new process: from the user's cache
    assert remembered.remembered_sha256(face) == truth()
    # The same size, and the modification time put back: the change time still moved.
    times = os.stat(face)
    face.write_bytes(b"GLYPHS" * 1000)
    os.utime(face, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert remembered.remembered_sha256(face) == truth() != hashlib.sha256(b"glyphs" * 1000).hexdigest()


def test_a_damaged_digest_entry_is_hashed_again(cache_folder, tmp_path, monkeypatch):
    import hashlib

    from briefing.building import remembered

    face = tmp_path / "face.ttf"
    face.write_bytes(b"glyphs")
    remembered.remembered_sha256(face)
    for entry in (cache_folder / "digests").iterdir():
        entry.write_bytes(b"not a digest")
    monkeypatch.setattr(remembered, "_KNOWN", {})
    assert remembered.remembered_sha256(face) == hashlib.sha256(b"glyphs").hexdigest()
