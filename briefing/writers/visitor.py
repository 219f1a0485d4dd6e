"""The walk both writers share: one `visit_<node>` method per document-tree node, found by name."""

from __future__ import annotations

import re


def method_name(node_type: type) -> str:
    """`TitleBlock` -> `visit_title_block`."""
    return "visit_" + re.sub(r"(?<!^)(?=[A-Z])", "_", node_type.__name__).lower()


class Visitor:
    """Dispatches each block to the visit method named after its type; a missing one is a bug, caught by a test."""

    def visit(self, node) -> None:
        getattr(self, method_name(type(node)))(node)

    def visit_all(self, nodes) -> None:
        for node in nodes:
            self.visit(node)
