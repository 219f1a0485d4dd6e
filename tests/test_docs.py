"""Every command the README and the guides in docs/ show runs as shown, on a copy of the sample books."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A line's comment may say the exit status it shows: "(exit 1)".
SAID_STATUS = re.compile(r"\(exit (\d)\)")


def shell_blocks(path):
    """The fenced `sh` blocks of one guide, each as (first line number, lines)."""
    blocks, current, start = [], None, 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if current is None and line.strip() == "```sh":
            current, start = [], number + 1
        elif current is not None and line.strip() == "```":
            blocks.append((start, current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def tool_blocks():
    """The blocks that run the tool (the set-up scripts are what CI itself runs)."""
    for path in GUIDES:
        for start, lines in shell_blocks(path):
            if any(line.startswith(".venv/bin/briefing") for line in lines):
                yield pytest.param(lines, id=f"{path.relative_to(ROOT)}:{start}")


def reviewer_returns_the_draft(workdir):
    """Step 2 of the clearance loop, done as a reviewer would: one tracked change in LibreOffice, under a name."""
    python = Path("/usr/bin/python3")  # Debian's python3-uno: LibreOffice's own API
    if subprocess.run([str(python), "-c", "import uno"], capture_output=True).returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("python3-uno is required in CI (scripts/setup.sh --test installs it)")
        pytest.skip("python3-uno is not installed; run scripts/setup.sh --test")
    edits = workdir / "edits.json"
    edits.write_text(json.dumps([{"author": "A. Tanaka"}, {"track": True},
                                 {"replace": "held talks with", "with": "met"}]), encoding="utf-8")
    draft = next((workdir / "out").glob("*.en.docx"))
    result = subprocess.run([str(python), str(ROOT / "tests" / "lo_edit.py"), str(draft), str(workdir / "cleared.docx"),
                             str(workdir / "lo-profile"), str(edits)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize("lines", list(tool_blocks()))
def test_every_shown_command_runs(lines, tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shim = tmp_path / ".venv" / "bin" / "briefing"
    shim.parent.mkdir(parents=True)
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m briefing "$@"\n')
    shim.chmod(0o755)
    environment = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1242086400")
    variables = ""
    for line in lines:
        if line.startswith("#") and "reviewers edit" in line:
            reviewer_returns_the_draft(tmp_path)
            continue
        if re.match(r"^[A-Z]+=", line):
            variables += line + "\n"
            continue
        if not line.startswith(".venv/bin/briefing"):
            continue
        command = re.sub(r"\[(--[a-z-]+)\]", r"\1", line)  # an optional flag shown as [--flag]: try it
        said = SAID_STATUS.search(line)
        result = subprocess.run(["bash", "-c", variables + command], cwd=tmp_path, env=environment,
                                capture_output=True, text=True, timeout=600)
        expected = int(said.group(1)) if said else 0
        assert result.returncode == expected, f"{line}\nexit {result.returncode}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        assert "Traceback" not in result.stderr
