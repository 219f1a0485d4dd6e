"""A PDF's structure tree as readers nobody here wrote see it: poppler's `pdfinfo -struct-text` and pdf.js (tests/pdfjs_structure.mjs), each as (role, text) in reading order."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PDFJS_SCRIPT = ROOT / "tests" / "pdfjs_structure.mjs"
PDFJS = ROOT / "node_modules" / "pdfjs-dist" / "legacy" / "build" / "pdf.mjs"
# pdfinfo prints an element as its (role-mapped) type, "(block)" or "(inline)" and a colon when it has
# attributes; its attributes as "/Name value"; an annotation it refers to as "Object N G"; and the text
# of each marked-content sequence as a quoted line.
ELEMENT = re.compile(r'^(?P<indent> *)(?P<role>[^\s"/][^"]*?)(?: \((?:block|inline)\))?:?$')
TEXT = re.compile(r'^(?P<indent> *)"(?P<text>.*)"$')
OBJECT = re.compile(r"^ *Object \d+ \d+$")


def require_pdfjs() -> Path:
    """The pdf.js script's path, once node and pdfjs-dist are there; in CI a missing one fails the test instead of skipping it."""
    missing = "node" if shutil.which("node") is None else "pdfjs-dist" if not PDFJS.exists() else None
    if missing is None:
        return PDFJS_SCRIPT
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing} is required in CI (scripts/setup.sh --test installs it)")
    pytest.skip(f"{missing} is not installed; run scripts/setup.sh --test")


def parse_struct_text(output: str) -> list[tuple[str, str]]:
    """`pdfinfo -struct-text` output as (role, text), one pair per element holding text, in the order printed."""
    pairs: list[tuple[str, str]] = []
    stack: list[tuple[int, str]] = []  # (indent, role) of the elements around the current line
    current = None  # the element whose text lines are being gathered: its index in stack
    for line in output.splitlines():
        if not line.strip() or line.lstrip().startswith("/") or OBJECT.match(line):
            continue
        text = TEXT.match(line)
        if text:
            while stack and stack[-1][0] >= len(text["indent"]):
                stack.pop()
            role = stack[-1][1] if stack else ""
            if current == len(stack) and pairs and pairs[-1][0] == role:
                pairs[-1] = (role, pairs[-1][1] + text["text"])
            else:
                pairs.append((role, text["text"]))
            current = len(stack)
            continue
        element = ELEMENT.match(line)
        if element:
            while stack and stack[-1][0] >= len(element["indent"]):
                stack.pop()
            stack.append((len(element["indent"]), element["role"].strip()))
            current = None
    # An element whose content is no text (a figure's drawing) prints "": it reads as nothing.
    return [(role, " ".join(text.split())) for role, text in pairs if text.strip()]


def struct_text(path) -> list[tuple[str, str]]:
    """poppler's reading of the structure tree: (role, text) per element holding text, in tree order."""
    from conftest import require_tool

    pdfinfo = require_tool("pdfinfo")
    result = subprocess.run([pdfinfo, "-struct-text", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return parse_struct_text(result.stdout)


def structure_text(path) -> str:
    """The text in the structure tree's reading order, as poppler reads it: one element's text a line."""
    return "\n".join(text for _, text in struct_text(path) if text)


def pdfjs_structure(path) -> dict:
    """pdf.js's reading: {"lang", "pages": [{"page", "tree", "text", "marked", "artifacts"}]}, as tests/pdfjs_structure.mjs prints it."""
    script = require_pdfjs()
    result = subprocess.run(["node", str(script), str(path)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def pdfjs_text(path) -> list[tuple[str, str]]:
    """pdf.js's reading of the structure tree, page by page: (role, text) per element holding marked content."""
    pairs: list[tuple[str, str]] = []

    def walk(node, page):
        # Content items next to each other make one pair; a child element in between starts another, as in poppler.
        pieces: list[str] = []
        for kid in [*node.get("children", []), None]:
            if kid is not None and kid.get("type") == "content":
                pieces.append(page["marked"].get(kid.get("id"), ""))
                continue
            if "".join(pieces).strip():  # a figure's drawing holds no text: it reads as nothing, as in poppler
                pairs.append((node.get("role", ""), " ".join("".join(pieces).split())))
                pieces = []
            if kid is not None and ("role" in kid or "children" in kid):
                walk(kid, page)

    for page in pdfjs_structure(path)["pages"]:
        if page["tree"]:
            walk(page["tree"], page)
    return pairs


def pdfjs_roles(path) -> list[tuple[str, str | None]]:
    """Every structure element pdf.js reports, page by page in tree order, as (role, alt text or None)."""
    found: list[tuple[str, str | None]] = []

    def walk(node):
        if "role" in node:
            found.append((node["role"], node.get("alt")))
        for kid in node.get("children", []):
            walk(kid)

    for page in pdfjs_structure(path)["pages"]:
        for kid in (page["tree"] or {}).get("children", []):  # the top node is pdf.js's own "Root"
            walk(kid)
    return found
