"""The command line as users meet it: help, exit codes, messages, and nothing written on failure."""

from conftest import SAMPLE, run_briefing


def it_explains_itself():
    result = run_briefing("--help")
    assert result.returncode == 0 and "build" in result.stdout and "check" in result.stdout
    result = run_briefing("build", "--help")
    assert result.returncode == 0 and "-l LOCALE" in result.stdout and "file:line" in result.stdout


def it_exits_2_on_usage_errors(tmp_path):
    assert run_briefing("build").returncode == 2
    assert run_briefing("build", str(SAMPLE), "-f", "odt").returncode == 2
    result = run_briefing("build", str(SAMPLE), "-l", "de", "-o", str(tmp_path))
    assert result.returncode == 2 and "locale 'de'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def it_checks_without_writing(tmp_path):
    result = run_briefing("check", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def it_writes_the_named_outputs(tmp_path):
    result = run_briefing("build", str(SAMPLE), "-l", "en", "-f", "pdf", "-f", "docx", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "2009-05-12-japan-russia.en.docx", "2009-05-12-japan-russia.en.pdf", "2009-05-12-japan-russia.manifest.json"]


def it_reports_invalid_content_and_replaces_nothing(book_copy, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    good = out / "book.en.pdf"
    good.write_bytes(b"the good copy")
    (book_copy / "summary.yaml").write_text("blocks:\n  - paragraf:\n      en: x\n", encoding="utf-8")
    (book_copy / "territorial.yaml").unlink()
    result = run_briefing("build", str(book_copy), "-o", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(line.endswith("summary.yaml:2: blocks[0].paragraf: unknown block kind 'paragraf'; "
                             "expected one of: paragraph, bullets, numbered, section, table, figure")
               for line in lines), lines
    assert any(line.endswith("outline: module 'territorial' has no file territorial.yaml in the book folder")
               for line in lines), lines
    assert good.read_bytes() == b"the good copy" and [p.name for p in out.iterdir()] == ["book.en.pdf"]


def it_reports_an_error_found_in_a_build_process_like_any_other(book_copy, tmp_path):
    (book_copy / "templates" / "modules").mkdir(parents=True)
    (book_copy / "templates" / "modules" / "international.j2").write_text("{{ module.__class__ }}\n", encoding="utf-8")
    for jobs in ("1", "2", "4"):
        out = tmp_path / f"out{jobs}"
        result = run_briefing("build", str(book_copy), "-o", str(out), "-j", jobs)
        assert result.returncode == 1, result.stderr
        assert "templates/modules/international.j2:1: template: SecurityError" in result.stderr
        assert "Traceback" not in result.stderr
        assert not out.exists() or not any(out.iterdir())


def it_gives_an_in_process_caller_its_signal_handlers_back(tmp_path):
    """A build ignores stopping signals once its outputs are in place; a caller's own process must not keep that
    (every process it started afterwards would inherit SIGINT ignored, and no Ctrl-C would stop it)."""
    import signal

    from briefing.cli import main

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)}
    assert main(["build", str(SAMPLE), "-l", "en", "-f", "pdf", "-o", str(tmp_path), "-j", "1"]) == 0
    assert {s: signal.getsignal(s) for s in before} == before


def it_reports_a_stop_that_a_library_turned_into_an_error_as_a_stop(monkeypatch, tmp_path, capsys):
    """ReportLab's bare `except:` turns a signal's exception into a ValueError; that is a stop, not a bug (exit 3)."""
    from briefing import cli
    from briefing.commands import build
    from briefing.safety.locking import Stopped

    def escape_interrupted(arguments):
        try:
            raise Stopped(15)
        except BaseException:
            raise ValueError("cannot escape b'' b''")

    monkeypatch.setattr(build, "run", escape_interrupted)
    assert cli.main(["build", str(SAMPLE), "-o", str(tmp_path)]) == 143
    assert "stopped by SIGTERM" in capsys.readouterr().err


def it_names_the_languages_in_help_without_loading_one(tmp_path):
    """Help lists every language by the name its language.toml gives, read without tomllib or the language module."""
    import subprocess
    import sys

    from conftest import ROOT

    extra = tmp_path / "languages" / "xx"
    extra.mkdir(parents=True)
    # A name only a TOML parser reads right (an escape), in a language of the user's own.
    (extra / "language.toml").write_text('# a test language\nname = "Quoted \\"X\\" tongue"\ntag = "xx"\n',
                                         encoding="utf-8")
    result = run_briefing("--help", env={"BRIEFING_LANGUAGES": str(tmp_path / "languages")})
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "Chinese, Simplified (zh)" in text and "Japanese (ja)" in text and 'Quoted "X" tongue (xx)' in text
    loaded = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefing", "--help"], capture_output=True,
                            text=True, cwd=ROOT).stderr
    for module in ("tomllib", "briefing.i18n.languages", "dataclasses"):
        assert f" {module}\n" not in loaded, module
