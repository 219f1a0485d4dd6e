"""A build starts no more worker processes than it has targets: one named target is built in the command's own process."""

from __future__ import annotations

from conftest import SAMPLE, run_briefing_patched


def forks_of(tmp_path, *arguments: str) -> int:
    record = tmp_path / "forks"
    patch = (f"import sys\ndef _hook(event, args):\n    if event == 'os.fork':\n"
             f"        open({str(record)!r}, 'a').write('fork\\n')\nsys.addaudithook(_hook)")
    result = run_briefing_patched(patch, "build", str(SAMPLE), "-o", str(tmp_path / "out"), "--force", *arguments)
    assert result.returncode == 0, result.stderr
    return len(record.read_text().splitlines()) if record.exists() else 0


def test_one_named_target_forks_nothing(tmp_path):
    assert forks_of(tmp_path, "-l", "en", "-f", "html", "-j", "2") == 0


def test_two_targets_get_two_workers_at_most(tmp_path):
    assert forks_of(tmp_path, "-l", "en", "-f", "pdf", "-f", "docx", "-j", "4") == 2
