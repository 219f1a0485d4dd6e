"""Where each text a draft was built from stands in the content now: found by its words, never by its old position.

A draft's snapshot gives each text its content path and the words it had
when the draft was built. When the content's blocks moved since (a paragraph
inserted above, two swapped), that path may now hold another text; writing
the draft's edit there would overwrite the wrong paragraph. So a text is
looked for by what it said: at its old path if it still says that, else at the
one path that now says it. A text found nowhere, in a file whose blocks moved,
cannot be placed; it is named, never guessed. In a file whose blocks did not
move, a text found nowhere changed in place: the three-way merge decides.
"""

from __future__ import annotations

import dataclasses

from briefing import tree

LOST = ("not found in the content as the draft knew it (changed, and moved or removed, since the draft was built), so "
        "where it stands now cannot be told: make this edit in the content, or build a new draft and retype it there")


def relocate(records: dict, current: dict[tuple[str, str], str], locale_of: dict[str, str]):
    """(records with each text's path as it is now, {(old path, language): why it cannot be placed})."""
    bases: dict[tuple[str, str], str] = {}
    for key, parts in _groups(records).items():
        bases[key] = tree.PARAGRAPH_BREAK.join(record.text for record in parts)
    where_now: dict[tuple[str, str], list[str]] = {}  # (locale, text) -> paths that hold it now
    for (path, locale), text in current.items():
        where_now.setdefault((locale, text), []).append(path)

    moved: dict[tuple[str, str], str] = {}
    unfound: list[tuple[str, str]] = []
    lost: dict[tuple[str, str], str] = {}
    for (path, language), base in bases.items():
        locale = locale_of[language]
        if current.get((path, locale)) == base:
            continue
        paths = where_now.get((locale, base), [])
        if len(paths) == 1:
            moved[(path, language)] = paths[0]
        elif paths:
            lost[(path, language)] = (f"its words now stand at {len(paths)} places in the content, so which one "
                                      "it is cannot be told: make this edit in the content, or build a new draft "
                                      "and retype it there")
        else:
            unfound.append((path, language))

    # A file whose blocks moved: a text went elsewhere, or another text came to a text's old place.
    shifted = {path.partition(":")[0] for (path, _), now in moved.items() if now != path}
    for (path, language), base in bases.items():
        locale = locale_of[language]
        now = current.get((path, locale))
        if now is not None and now != base and any(
                other != path and text == now for (other, tag), text in bases.items() if tag == language):
            shifted.add(path.partition(":")[0])
    for key in unfound:
        if (key[0], locale_of[key[1]]) not in current or key[0].partition(":")[0] in shifted:
            lost[key] = LOST

    # One text of the content claimed by two of the draft's, or one text's languages found apart: not guessed.
    claimed: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for (path, language), now in moved.items():
        claimed.setdefault((now, language), []).append((path, language))
    for (path, language), base in bases.items():
        if (path, language) not in moved and (path, language) not in lost:
            claimed.setdefault((path, language), []).append((path, language))
    for keys in claimed.values():
        if len(keys) > 1:
            for key in keys:
                lost[key] = ("its words now stand where another text of the draft also did, so which is which "
                             "cannot be told: make this edit in the content, or build a new draft and retype it there")
    targets: dict[str, set[str]] = {}
    for (path, language) in bases:
        if (path, language) not in lost:
            targets.setdefault(path, set()).add(moved.get((path, language), path))
    for path, now in targets.items():
        if len(now) > 1:
            for language in (tag for (p, tag) in bases if p == path):
                lost[(path, language)] = ("its languages are found at different places of the content now: make "
                                          "this edit in the content, or build a new draft and retype it there")

    relocated = {}
    for identifier, record in records.items():
        key = (record.path, record.language)
        if record.kind == "text" and key in moved and key not in lost:
            record = dataclasses.replace(record, path=moved[key])
        relocated[identifier] = record
    return relocated, lost


def _groups(records: dict) -> dict[tuple[str, str], list]:
    groups: dict[tuple[str, str], list] = {}
    for record in records.values():
        if record.kind == "text":
            groups.setdefault((record.path, record.language), []).append(record)
    return {key: sorted(parts, key=lambda r: r.part) for key, parts in groups.items()}
