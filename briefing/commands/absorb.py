"""`briefing absorb`: an edited Word draft's edits written back into the content, under the book's lock."""

from __future__ import annotations

from pathlib import Path

from briefing.commands import usage, writing


def run(arguments) -> int:
    from briefing.clearance.absorb import Choices, absorb
    from briefing.content import load_book

    if arguments.accept_all and arguments.reject_all:
        return usage("absorb: --accept-all and --reject-all exclude each other")
    if arguments.keep_draft and arguments.keep_content:
        return usage("absorb: --keep-draft and --keep-content exclude each other")
    with writing(arguments.book):
        return absorb(load_book(arguments.book), Path(arguments.draft), _choices(arguments, Choices))


def _choices(arguments, Choices):
    return Choices(dry_run=arguments.dry_run, accept_all=arguments.accept_all, reject_all=arguments.reject_all,
                   accept_authors=tuple(arguments.accept_author), keep_draft=arguments.keep_draft,
                   keep_content=arguments.keep_content, comments_to_yaml=arguments.comments_to_yaml,
                   skip_unmapped=arguments.skip_unmapped)
