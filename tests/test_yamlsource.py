"""Strict YAML reading: what the reader refuses, and that the author's text is kept as typed."""

import pytest

from briefing.content.yamlsource import Mapping, Scalar, read_yaml
from briefing.errors import Problems


def read(tmp_path, text: str | bytes):
    path = tmp_path / "module.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    problems = Problems()
    node = read_yaml(str(path), "module.yaml", problems)
    return node, [str(p) for p in problems.found]


def it_keeps_yaml_1_1_words_as_the_text_typed(tmp_path):
    node, problems = read(tmp_path, "a: NO\nb: on\nc: 1.10\nd: 012\n")
    assert problems == []
    assert [v.text for v in node.items.values()] == ["NO", "on", "1.10", "012"]


@pytest.mark.parametrize("text, expected", [
    ("a: 1\na: 2\n", "module.yaml:2: duplicate key 'a' (first at line 1)"),
    ("a: &x [1]\nb: *x\n", "module.yaml:2: YAML anchors and aliases are not allowed; write the value out"),
    ("a: !!python/object:os.system x\n", "module.yaml:1: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
    ("- a\n- b\n", "module.yaml:1: expected a mapping at the top level, found a list"),
    ("", "module.yaml:1: file is empty"),
    ("# only a comment\n", "module.yaml:1: file is empty"),
    ("a: [1\nb: 2\n", "module.yaml:2: YAML syntax:"),
    ("a:\n\t- b\n", "module.yaml:2: YAML syntax:"),
])
def it_refuses_what_yaml_should_not_do_here(tmp_path, text, expected):
    node, problems = read(tmp_path, text)
    assert node is None or problems
    assert any(p.startswith(expected) for p in problems), problems


def it_refuses_a_byte_order_mark(tmp_path):
    _, problems = read(tmp_path, b"\xef\xbb\xbfa: 1\n")
    assert problems == ["module.yaml:1: file starts with a byte-order mark; save it as UTF-8 without BOM"]


def it_names_the_line_of_bytes_that_are_not_utf8(tmp_path):
    _, problems = read(tmp_path, b"a: 1\nb: \xff\n")
    assert problems == ["module.yaml:2: not UTF-8: byte 0xff cannot be decoded"]


def it_bounds_nesting(tmp_path):
    _, problems = read(tmp_path, "a: " + "[" * 60 + "]" * 60 + "\n")
    assert any("nesting deeper than" in p for p in problems)


def it_gives_each_node_its_line(tmp_path):
    node, _ = read(tmp_path, "title:\n  en: \"Hello\"\n")
    assert isinstance(node, Mapping) and node.key_lines["title"] == 1
    inner = node.items["title"]
    assert inner.key_lines["en"] == 2 and isinstance(inner.items["en"], Scalar) and inner.items["en"].quoted
