"""The last step of absorb: the edited content checked together, the translations lock brought along, all written or nothing."""

from __future__ import annotations

from pathlib import Path

from briefing.clearance import draft_blocks
from briefing.clearance import draft_texts as texts_now
from briefing.clearance.revisions import by
from briefing.errors import InvalidInput, Problem


def write_back(book, assessment, edits, planned_texts, remarks, unmapped, refused, choices, shown: str, out) -> int:
    """Writes the planned edits (or, with --dry-run, says what they would be); returns the exit status."""
    from briefing.content.edit import EditError
    from briefing.translations.state import book_folder

    folder = book_folder(book)
    source_locale = assessment.source_locale
    try:
        contents = edits.new_contents()
    except EditError as error:  # edits that each apply but not together: refused, never written half
        raise InvalidInput([Problem(shown, 1, f"these edits cannot be written back together ({error}); make them in "
                                              "the content, or absorb them from drafts edited one at a time")]) \
            from None
    lock_data, stale = texts_now.lock_after(book, assessment, folder, contents, edits, planned_texts, source_locale)

    folder_shown = str(folder)  # as every file:line above names it: the book's path as given
    for change in edits.changes:
        print(f"{folder_shown}/{change}", file=out)
    for line in stale:
        print(line, file=out)
    for at, remark in remarks:
        print(f"{at}: {by(remark.comment)}: {remark.comment.text} — on {draft_blocks.quote(remark.anchored)}", file=out)
    for problem in unmapped:
        print(f"{problem} — not absorbed (--skip-unmapped)", file=out)
    if choices.dry_run:
        print(f"{shown}: would make {len(edits.changes)} change(s); nothing written (--dry-run)", file=out)
        if refused:  # undecided changes and conflicts, shown after what the decided part of the draft would do
            raise InvalidInput(refused)
        return 0
    also = {}
    if lock_data is not None:
        also[folder / "translations.lock"] = lock_data
    if contents or also:
        from briefing.safety.output import Staging

        with Staging() as staging:
            for file, data in contents.items():
                staging.stage(folder / file, lambda temporary, data=data: Path(temporary).write_bytes(data))
            for path, data in also.items():
                staging.stage(path, lambda temporary, data=data: Path(temporary).write_bytes(data))
            staging.commit()
    print(f"{shown}: {len(edits.changes)} change(s) written" + (", translations.lock updated" if also else ""),
          file=out)
    return 0
