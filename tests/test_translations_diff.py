"""The word diff a stale unit's note carries: what changed in the source, in git's --word-diff=plain notation."""

from __future__ import annotations

import pytest

from briefing.translations.diff import word_diff


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("a b", "a c", "a [-b-]{+c+}"),
    ("Progress was made on it.", "Progress has been made on it.", "Progress [-was-]{+has been+} made on it."),
    ("one two three four five six seven eight nine ten x eleven twelve thirteen fourteen fifteen sixteen",
     "one two three four five six seven eight nine ten y eleven twelve thirteen fourteen fifteen sixteen",
     "… seven eight nine ten [-x-]{+y+} eleven twelve thirteen fourteen …"),
    ("a b c d e f g h i j k l m n", "z b c d e f g h i j k l m y", "[-a-]{+z+} b c d e … j k l m [-n-]{+y+}"),
    ("same", "same", "same"),
])
def it_shows_each_change_with_a_few_words_around_it(old, new, shown):
    assert word_diff(old, new) == shown
