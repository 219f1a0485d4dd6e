"""`briefing build BOOK BOOK …`: one pool of workers for every book, a line per book, the summary, each book whole."""

from __future__ import annotations

import shutil

from conftest import EPOCH, ROOT, run_briefing

FIRST = ROOT / "content" / "2009-05-12-japan-russia"
SECOND = ROOT / "content" / "2010-11-19-japan-mongolia"
ENV = {"SOURCE_DATE_EPOCH": EPOCH}


def it_builds_several_books_with_one_pool_as_each_alone(tmp_path):
    together, alone = tmp_path / "together", tmp_path / "alone"
    both = run_briefing("build", str(FIRST), str(SECOND), "-l", "en", "-l", "ja+en", "-o", str(together), "-j", "2",
                        env=ENV)
    assert both.returncode == 0, both.stderr
    lines = both.stderr.splitlines()
    assert lines[-1] == "briefing: 2 book(s): 2 built, 0 up to date, 0 failed"
    assert [line.split(":")[1].strip() for line in lines if line.startswith("briefing: [")] == ["[1/2] " + str(FIRST),
                                                                                              "[2/2] " + str(SECOND)]
    for book in (FIRST, SECOND):
        single = run_briefing("build", str(book), "-l", "en", "-l", "ja+en", "-o", str(alone), "-j", "1", env=ENV)
        assert single.returncode == 0, single.stderr
    made = sorted(path.name for path in together.iterdir())
    assert made == sorted(path.name for path in alone.iterdir()) and len(made) == 2 * 5
    for name in made:
        assert (together / name).read_bytes() == (alone / name).read_bytes(), name
    again = run_briefing("build", str(FIRST), str(SECOND), "-l", "en", "-l", "ja+en", "-o", str(together), "-j", "2",
                         env=ENV)
    assert again.returncode == 0 and again.stderr.splitlines()[-1].endswith("0 built, 2 up to date, 0 failed")


def it_reports_a_broken_book_at_its_place_and_still_builds_the_others(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(SECOND, broken)
    with open(broken / "book.yaml", "a", encoding="utf-8") as book:
        book.write("oops: [\n")
    out = tmp_path / "out"
    result = run_briefing("build", str(broken), str(FIRST), "-l", "en", "-o", str(out), "-j", "2", env=ENV)
    assert result.returncode == 1
    assert f"{broken / 'book.yaml'}:" in result.stderr and "YAML syntax" in result.stderr
    assert result.stderr.splitlines()[-1] == "briefing: 2 book(s): 1 built, 0 up to date, 1 failed"
    assert sorted(path.name for path in out.iterdir()) == sorted(
        [f"{FIRST.name}.en.pdf", f"{FIRST.name}.en.docx", f"{FIRST.name}.manifest.json"])
