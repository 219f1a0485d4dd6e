"""The rules a text from outside the book (a draft's paragraph, an XLIFF target, a reviewer's comment) meets before it is written into the content."""

from __future__ import annotations

import re

import yaml

from briefing.safety.characters import refused

# Everything YAML 1.1 (PyYAML) reads as a line break: a comment ends at any of them,
# and in a double-quoted scalar each folds into a space or vanishes with the spaces
# before it. Only the line feed is written as a line break; the others never reach YAML.
YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
SEPARATORS = re.compile("[\u2028\u2029]")


def text_problem(text: str) -> str | None:
    """Why `text` cannot be written into the content as typed (the content's character rules), or None."""
    from briefing.content.schema import MAX_TEXT

    found = refused(text)
    if found is not None:
        return found[1]
    if separator_problem(text):
        return separator_problem(text)
    if len(text) > MAX_TEXT:
        return f"{len(text):,} characters; a text has at most {MAX_TEXT:,}"
    return None


def separator_problem(text: str) -> str | None:
    """A line or paragraph separator (U+2028, U+2029): YAML reads it as a line break, so it cannot be written as typed."""
    separator = SEPARATORS.search(text)
    if separator:
        return (f"character U+{ord(separator.group(0)):04X} (a line or paragraph separator) is read as a line break "
                "in YAML; use a new paragraph")
    return None


def comment_problem(author: str, text: str) -> str | None:
    """Why a comment cannot be written above a text (its author and words follow the content's rules), or None."""
    for what, value in (("the author", author), ("the comment", text)):
        found = refused(re.sub("\r\n?", "\n", value))  # a carriage return is a line break here, as in Word
        if found is not None:
            return f"{what}: {found[1]}"
    return None


def comment_lines(comment: str) -> str:
    """The comment with every break YAML knows made a line feed: each line becomes its own `# ` line."""
    return "\n".join(YAML_BREAKS.split(comment))


def added_only_comments(before: str, after: str) -> bool:
    """Whether `after` reads as the same YAML as `before`: comments added, no value changed.

    A comment written into YAML must stay a comment; reading both back is the
    check that does not depend on knowing every way YAML could end one.
    """
    try:
        return yaml.safe_load(before) == yaml.safe_load(after)
    except yaml.YAMLError:
        return False


def forged_records(records, texts, traced) -> list[tuple[str, str]]:
    """(record id, why) for each snapshot record of a text a draft never shows as one (a forged or damaged draft).

    Absorb writes only where a draft traces a text (`traced`: the content
    paths a draft built now bookmarks): a record naming a marking, a date
    style or nothing at all is refused, never followed.
    """
    forged = []
    for record in records.values():
        if record.kind != "text":
            continue
        if not record.path:
            forged.append((record.id, "a text of the snapshot without a content path"))
        elif record.path not in texts:
            forged.append((record.id, f"the snapshot names {record.path!r}, which is not a text of the book"))
        elif record.path not in traced:
            forged.append((record.id, f"the snapshot names {record.path!r}, a text the draft does not show as one"))
    return forged


def planned_problems(planned_texts, inserts, where, locale_of, records) -> list:
    """A problem at its place for each text a draft would write that the content's rules refuse."""
    from briefing.errors import Problem

    problems, drawn = [], []
    for path, locale, _, value in planned_texts:
        why = text_problem(value)
        if why:
            problems.append(Problem(*where(path, locale), f"{locale}: from the draft: {why}"))
        else:
            drawn.append(((path, locale, "from the draft"), locale, value))
    for insert in inserts:
        if insert is None:
            continue
        sequence, _, value = insert
        while isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), dict):
            value = next(iter(value.values()))
        for locale, text in value.items():
            why = text_problem(text)
            if why:
                problems.append(Problem(*where(sequence, locale), f"{locale}: a new text in the draft: {why}"))
            else:
                drawn.append(((sequence, locale, "a new text in the draft"), locale, text))
    for (path, locale, what), why in undrawable(drawn):
        problems.append(Problem(*where(path, locale), f"{locale}: {what}: {why}"))
    return problems


def comments_stay_comments(edits) -> list[str]:
    """For each file where comments were planned: a message when the file with them reads differently without them."""
    from briefing.content.yaml_places import apply as _apply  # the spans as the edit would write them

    messages = []
    for file, planned in edits.files.items():
        comments = [span for span in planned.spans if span.order == -1]  # add_comment's spans
        if not comments:
            continue
        without = _apply(planned.text, [span for span in planned.spans if span.order != -1], file)
        if not added_only_comments(without, _apply(planned.text, planned.spans, file)):
            messages.append(f"{file}: a comment would change what the YAML says (it holds a line break YAML "
                            "recognises, or YAML syntax): refused, nothing written")
    return messages


MAX_PLACEHOLDERS = 10_000  # line breaks in one XLIFF target; a briefing text has a handful
SHOWN_IDS = 10  # placeholder ids named in one message; the rest are counted


def placeholder_problems(source: list[str], target: list[str]) -> list[str]:
    """What is wrong with a target's placeholders against its source's (missing, unknown, used twice), in linear time.

    Counted with sets and a Counter, so a target of 80,000 `<x/>` is
    answered at once; a message names the first few ids and counts the rest.
    """
    from collections import Counter

    if len(target) > MAX_PLACEHOLDERS:
        return [f"{len(target):,} placeholders; a target has at most {MAX_PLACEHOLDERS:,} (its source has "
                f"{len(source):,})"]
    wanted, counts = set(source), Counter(target)
    missing = [i for i in dict.fromkeys(source) if i not in counts]
    unknown = [i for i in counts if i not in wanted]
    twice = sorted(i for i, count in counts.items() if count > 1)
    return [f"placeholder {_ids(found)} {message}"
            for found, message in ((missing, "missing"), (unknown, "not in the source"), (twice, "used twice")) if found]


def _ids(found: list[str]) -> str:
    named = ", ".join(repr(i) for i in found[:SHOWN_IDS])
    return named + (f" and {len(found) - SHOWN_IDS:,} more" if len(found) > SHOWN_IDS else "")


def undrawable(items) -> list:
    """(key, why) for each (key, locale, text) whose characters no font of the locale in the default theme draws.

    The glyph rule `check` applies to content, applied at the door, so what
    absorb or XLIFF import writes never leaves a book `check` refuses.
    """
    from briefing.check import DEFAULT_THEME
    from briefing.fonts import FontNotFound, chain
    from briefing.theme import load_theme

    items = [(key, locale, text) for key, locale, text in items if text]
    if not items:
        return []
    theme = load_theme(DEFAULT_THEME)
    chains: dict[str, list] = {}
    found = []
    for key, locale, text in items:
        if locale not in chains:
            try:
                chains[locale] = [chain(tuple(theme.font_patterns(locale, role))) for role in ("body", "bold", "heading")]
            except (FontNotFound, KeyError):
                chains[locale] = []  # check reports a theme without the locale's fonts
        for font_chain in chains[locale]:
            missing = font_chain.missing(text)
            if missing:
                shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing)
                found.append((key, f"no configured {locale!r} font has {shown}"))
                break
    return found
