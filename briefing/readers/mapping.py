"""Which traced text of the snapshot each paragraph of a draft belongs to, once its tracked changes are decided."""

from __future__ import annotations

from briefing.readers.records import Comment, Found, New, Paragraph, Reading, Remark, Snapshot


def map_paragraphs(paragraphs: list[Paragraph], snapshot: Snapshot, comments: dict[str, Comment], furniture) -> Reading:
    records = snapshot.records
    found: dict[str, Found] = {}
    new: list[New] = []
    joined = []
    last_in_column: dict = {}
    owners: list[tuple[int, int, int, str | None]] = []  # (paragraph, start offset, end offset, record id)
    body = [p for p in paragraphs if not p.contents]
    marks_of = [_marks(paragraph, records) for paragraph in body]
    ambiguous = _split_bookmarks(body, marks_of)
    for paragraph, marks in zip(body, marks_of):
        if not marks:
            if paragraph.text.strip():
                # In the body: after whatever came last, a table cell included (then it maps nowhere, rightly);
                # in a bilingual row: after the last text of the same column, that is, of the same language.
                after = last_in_column.get("any") if paragraph.column is None else last_in_column.get(paragraph.column)
                new.append(New(paragraph.number, paragraph.text, paragraph.level, paragraph.style, after,
                               paragraph.column))
            owners.append((paragraph.number, 0, len(paragraph.text), last_in_column.get(paragraph.column)))
            continue
        # Two traced texts in one paragraph, both with words: the reviewer joined them. (An emptied one
        # whose paragraph mark was deleted leaves its bookmark at the start of the next: a deletion.)
        content_marks = [(offset, name) for offset, name in marks if records[name].kind == "text"]
        for (start, first), (end, second) in zip(content_marks, content_marks[1:]):
            if paragraph.text[start:end].strip():
                joined.append((paragraph.number, first, second))
        for index, (offset, name) in enumerate(marks):
            record = records[name]
            end = marks[index + 1][0] if index + 1 < len(marks) else len(paragraph.text)
            lead = paragraph.text[:offset] if index == 0 else ""
            words = paragraph.text[offset:end]
            if index == 0 and lead and not record.prefix:
                words, lead = lead + words, ""  # typed before the bookmark at the start of the paragraph
            elif index == 0 and record.prefix and lead.startswith(record.prefix) and lead != record.prefix:
                words, lead = lead[len(record.prefix):] + words, record.prefix
            suffix_ok = True
            if record.suffix:
                suffix_ok = words.endswith(record.suffix)
                if suffix_ok:
                    words = words[:-len(record.suffix)]
            found[name] = Found(name, words, paragraph.number, lead, suffix_ok, paragraph.level, paragraph.column)
            owners.append((paragraph.number, 0 if index == 0 else offset, end, name))
            last_in_column[paragraph.column] = name
            last_in_column["any"] = name
    remarks = _remarks(paragraphs, comments, owners)
    return Reading(found, new, remarks, furniture, joined, ambiguous)


def _marks(paragraph: Paragraph, records) -> list[tuple[int, str]]:
    """The paragraph's traced bookmarks, each name once (LibreOffice writes an emptied bookmark's start twice)."""
    marks = list({name: (offset, name) for offset, name in reversed(paragraph.marks) if name in records}.values())
    marks.reverse()
    return marks


def _span(paragraph: Paragraph, marks, index: int) -> str:
    """The text a bookmark holds in a paragraph: from its start (the paragraph's, for the first) to the next one."""
    start = 0 if index == 0 else marks[index][0]
    end = marks[index + 1][0] if index + 1 < len(marks) else len(paragraph.text)
    return paragraph.text[start:end]


def _split_bookmarks(body: list[Paragraph], marks_of: list[list]) -> list[tuple[int, str, str]]:
    """Resolves a bookmark whose start stands in more than one paragraph, in place; returns what cannot be told.

    Enter in the middle of a traced paragraph: LibreOffice saves the bookmark's
    start in both halves (Word can write the same shape). The first half with
    words is the text, up to the break; each later half is a paragraph typed
    after it. That holds only when the halves follow each other with no other
    traced text between and no other traced text shares a half: anything else
    is reported (paragraph, record id, why), never guessed.
    """
    where: dict[str, list[int]] = {}
    for index, marks in enumerate(marks_of):
        for _, name in marks:
            where.setdefault(name, []).append(index)
    ambiguous = []
    for name, indexes in where.items():
        if len(indexes) < 2:
            continue
        numbers = " and ".join(str(body[i].number) for i in indexes)
        between = {other for i in range(indexes[0] + 1, indexes[-1]) for _, other in marks_of[i]} - {name}
        halves = [(i, _span(body[i], marks_of[i], [n for _, n in marks_of[i]].index(name))) for i in indexes]
        owner = next((i for i, text in halves if text.strip()), indexes[0])
        shared = [i for i, text in halves if i != owner and text.strip() and len(marks_of[i]) > 1]
        if between or shared:
            ambiguous.append((body[indexes[0]].number, name,
                              f"the bookmark that traces this text stands in paragraphs {numbers}, with other "
                              "traced text among them: which words belong to it cannot be told"))
            continue
        for i in indexes:
            if i != owner:
                marks_of[i][:] = [mark for mark in marks_of[i] if mark[1] != name]
    return ambiguous


def _remarks(paragraphs: list[Paragraph], comments: dict[str, Comment], owners) -> list[Remark]:
    """Each comment with the text between its range's start and end, and the traced text it starts in."""
    starts, texts = {}, {}
    open_ranges: dict[str, list[str]] = {}
    for paragraph in paragraphs:
        position = 0
        events = sorted(paragraph.comments, key=lambda e: e[0])
        for offset, kind, identifier in events:
            for other in open_ranges:
                open_ranges[other].append(paragraph.text[position:offset])
            position = offset
            if kind == "start":
                owner = next((o[3] for o in owners if o[0] == paragraph.number and o[1] <= offset <= o[2]), None)
                starts[identifier] = (paragraph.number, owner)
                open_ranges[identifier] = []
            elif identifier in open_ranges:
                texts[identifier] = "".join(open_ranges.pop(identifier))
        for other in open_ranges:
            open_ranges[other].append(paragraph.text[position:] + " ")
    remarks = []
    for identifier, comment in comments.items():
        number, owner = starts.get(identifier, (0, None))
        anchored = texts.get(identifier, "".join(open_ranges.get(identifier, [])))
        remarks.append(Remark(comment, " ".join(anchored.split()), owner, number))
    return sorted(remarks, key=lambda r: (r.paragraph, int(r.comment.id) if r.comment.id.isdigit() else 0))
