"""Edits a Word document through LibreOffice's own UNO API, headless, and saves it as .docx: a reviewer's edits, made by LibreOffice.

Run by Debian's /usr/bin/python3 (python3-uno), not the project's venv, which cannot import uno:

    /usr/bin/python3 tests/lo_edit.py IN.docx OUT.docx PROFILE_DIR EDITS.json

EDITS.json is a list of operations, applied in order:
    {"replace": OLD, "with": NEW}           find OLD (its first occurrence) and type NEW over it
    {"append_paragraph_after": TEXT, "text": NEW}   Enter at the end of the paragraph containing TEXT, then type NEW
    {"delete_paragraph": TEXT}              select the paragraph containing TEXT with its paragraph mark, delete
    {"split_after": TEXT}                   Enter right after TEXT: the paragraph breaks in two there
    {"join_after": TEXT}                    Delete at the end of the paragraph containing TEXT: it joins the next
    {"comment": TEXT, "text": NOTE}          select TEXT and insert a comment (Insert > Comment) by the user
(TEXT is found with LibreOffice's search, in the body or in a table cell.)
    {"track": true}                          record the following edits as tracked changes
    {"author": NAME}                         the user's name (Tools > Options > User Data): who the changes are by
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK
from com.sun.star.util import DateTime


def _property(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _found(document, needle):
    """A cursor on the first occurrence of `needle`, in the body or a table cell, and the text it is in."""
    descriptor = document.createSearchDescriptor()
    descriptor.SearchString = needle
    found = document.findFirst(descriptor)
    if found is None:
        raise SystemExit(f"{needle!r} not found")
    text = found.getText()
    return text, text.createTextCursorByRange(found)


def _set_user(context, name):
    """The name LibreOffice records on tracked changes and comments, as set in Tools > Options > User Data."""
    provider = context.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider",
                                                                context)
    access = provider.createInstanceWithArguments("com.sun.star.configuration.ConfigurationUpdateAccess",
                                                  (_property("nodepath", "/org.openoffice.UserProfile/Data"),))
    given, _, family = name.partition(" ")
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def _now():
    stamp = DateTime()
    now = time.gmtime()
    stamp.Year, stamp.Month, stamp.Day, stamp.Hours, stamp.Minutes, stamp.Seconds = now[:6]
    return stamp


def _user(context):
    """The user's name as LibreOffice composes it for a new comment."""
    provider = context.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider",
                                                                context)
    access = provider.createInstanceWithArguments("com.sun.star.configuration.ConfigurationAccess",
                                                  (_property("nodepath", "/org.openoffice.UserProfile/Data"),))
    return " ".join(part for part in (access.getPropertyValue("givenname"), access.getPropertyValue("sn")) if part)


def main(source, target, profile, edits_file):
    with open(edits_file, encoding="utf-8") as handle:
        edits = json.load(handle)
    pipe = f"briefing_absorb_{os.getpid()}"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", "--headless",
                               "--invisible", "--nologo", "--norestore", "--nodefault",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.2)
        else:
            raise SystemExit("LibreOffice did not answer")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                                (_property("Hidden", True),))
        if document is None:
            raise SystemExit(f"LibreOffice could not open {source} (locked by another LibreOffice?)")
        for edit in edits:
            if edit.get("track"):
                document.RecordChanges = True
            elif "author" in edit:
                _set_user(context, edit["author"])
            elif "replace" in edit:
                _, cursor = _found(document, edit["replace"])
                cursor.setString(edit["with"])  # the words found are selected: typing replaces them
            elif "append_paragraph_after" in edit:
                where, cursor = _found(document, edit["append_paragraph_after"])
                cursor.gotoEndOfParagraph(False)
                where.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
                where.insertString(cursor, edit["text"], False)
            elif "delete_paragraph" in edit:
                where, cursor = _found(document, edit["delete_paragraph"])
                cursor.gotoStartOfParagraph(False)
                cursor.gotoEndOfParagraph(True)
                cursor.goRight(1, True)  # and its paragraph mark: the paragraph goes, not only its words
                cursor.setString("")
            elif "split_after" in edit:
                # As a user does it: the view cursor after the words, then Enter (the dispatcher's InsertPara),
                # which goes through LibreOffice's own paragraph split, bookmarks included.
                _, cursor = _found(document, edit["split_after"])
                cursor.collapseToEnd()
                controller = document.getCurrentController()
                controller.getViewCursor().gotoRange(cursor, False)
                dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper",
                                                                              context)
                dispatcher.executeDispatch(controller.getFrame(), ".uno:InsertPara", "", 0, ())
            elif "join_after" in edit:
                where, cursor = _found(document, edit["join_after"])
                cursor.gotoEndOfParagraph(False)
                cursor.goRight(1, True)  # the paragraph mark
                cursor.setString("")
            elif "comment" in edit:
                where, cursor = _found(document, edit["comment"])
                note = document.createInstance("com.sun.star.text.textfield.Annotation")
                note.Author = _user(context)
                note.DateTimeValue = _now()  # the comment window stamps the time; the API leaves it unset
                note.Content = edit["text"]
                where.insertTextContent(cursor, note, True)  # over the selection: the comment's range
        document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                            (_property("FilterName", "MS Word 2007 XML"),))
        document.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes down with the office
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main(*sys.argv[1:5])
