"""A rebuild after an edit writes only the outputs whose document tree or writer inputs changed, and keeps the rest byte for byte (briefing/building/reuse.py)."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import EPOCH, SAMPLE, run_briefing, run_briefing_patched

REQUEST = ("-l", "en", "-l", "ja", "-l", "ja+en", "-l", "ru", "-f", "pdf", "-f", "html", "-f", "docx", "-j", "1")
# Every document a writer is given, logged as "language format" (a build's own process, -j 1).
LOGGED = """
import briefing.writers as _writers
_write = _writers.write
def _logged(document, fmt, *args, **kwargs):
    with open({log!r}, "a", encoding="utf-8") as log:
        languages = [document.meta.language] + ([document.meta.secondary.language] if document.meta.secondary else [])
        log.write(f"{{'+'.join(tag.split('-')[0] for tag in languages)}} {{fmt}}\\n")
    return _write(document, fmt, *args, **kwargs)
_writers.write = _logged
"""
JA_SENTENCE = "北朝鮮、米露関係、アフガニスタン、イランその他の地域情勢について言及があった。"


@pytest.fixture
def book(tmp_path):
    copy = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, copy)
    return copy


def build(book, out, log, *extra):
    result = run_briefing_patched(LOGGED.format(log=str(log)), "build", str(book), "-o", str(out), *REQUEST, *extra,
                                  env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    written = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return sorted(written), result


def edit_japanese(book) -> None:
    module = book / "international.yaml"
    text = module.read_text(encoding="utf-8")
    assert JA_SENTENCE in text
    module.write_text(text.replace(JA_SENTENCE, JA_SENTENCE[:-1] + "（追記）。"), encoding="utf-8")


def test_a_japanese_edit_writes_the_japanese_outputs_and_every_draft(book, tmp_path):
    out, log = tmp_path / "out", tmp_path / "log"
    assert len(build(book, out, log)[0]) == 12
    edit_japanese(book)
    written, result = build(book, out, log)
    # The drafts record the whole book's content fingerprint, so all are written; of the rest, only Japanese.
    assert written == sorted(["en docx", "ja docx", "ja+en docx", "ru docx", "ja pdf", "ja html", "ja+en pdf",
                              "ja+en html"]), written
    assert "4 of 12 output(s) unchanged" in result.stderr
    manifest = json.loads((out / f"{book.name}.manifest.json").read_text(encoding="utf-8"))
    assert all(len(record["target"]) == 64 for record in manifest["outputs"])


def test_what_it_keeps_and_writes_is_what_a_forced_build_writes(book, tmp_path):
    out, log = tmp_path / "out", tmp_path / "log"
    build(book, out, log)
    edit_japanese(book)
    build(book, out, log)
    forced = tmp_path / "forced"
    written, _ = build(book, forced, log, "--force")
    assert len(written) == 12
    names = sorted(path.name for path in forced.iterdir())
    assert names == sorted(path.name for path in out.iterdir())
    for name in names:  # the manifest too
        assert (out / name).read_bytes() == (forced / name).read_bytes(), name


def test_an_output_changed_on_disk_is_written_again(book, tmp_path):
    out, log = tmp_path / "out", tmp_path / "log"
    build(book, out, log)
    edit_japanese(book)
    english = out / f"{book.name}.en.pdf"
    original = english.read_bytes()
    english.write_bytes(original + b"%tampered\n")
    written, _ = build(book, out, log)
    assert "en pdf" in written
    assert english.read_bytes() == original


def test_force_and_a_new_theme_write_every_output(book, tmp_path):
    out, log = tmp_path / "out", tmp_path / "log"
    build(book, out, log)
    edit_japanese(book)
    assert len(build(book, out, log, "--force")[0]) == 12
    from briefing.paths import DEFAULT_THEME

    theme = tmp_path / "theme.toml"
    theme.write_text(DEFAULT_THEME.read_text(encoding="utf-8") + "\n# a comment changes the theme's digest\n",
                     encoding="utf-8")
    assert len(build(book, out, log, "--theme", str(theme))[0]) == 12


def test_a_first_build_makes_no_tree_early(book, tmp_path):
    """Without a manifest with keys there is nothing to compare: the outputs are written as before."""
    result = run_briefing("build", str(book), "-o", str(tmp_path / "out"), "-l", "en", "-f", "pdf")
    assert result.returncode == 0 and "unchanged" not in result.stderr
