"""Where one English PDF + DOCX build spends its time, phase by phase: `python -m bench.phases` (medians of fresh processes).

Each run is a new interpreter that does, one after the other and without
worker processes, what `briefing build BOOK -l en -f pdf -f docx -j 1` does:
import the command, load and check the book, render the templates, parse the
markup into the tree, then lay out, draw and save each format. The phases are
timed with the wall clock inside the process; Python's own start is measured
apart (`python -c pass`). It also counts what one core does per second:
pages, paragraphs and lines of the PDF composed.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "content" / "2009-05-12-japan-russia"
PHASES = ("imports", "loading", "templates", "tree", "PDF: import ReportLab and the writer", "PDF: layout and drawing",
          "PDF: page numbers, structure tree, saving", "DOCX: import python-docx and the writer", "DOCX: the document",
          "DOCX: saving")


def one_run(book: Path, out: Path) -> dict:
    """The phases of one build in this process, in seconds, and what the PDF held."""
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def done(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[phase] = times.get(phase, 0.0) + now - clock
        clock = now

    import briefing.cli  # noqa: F401
    from briefing.check import load_checked
    from briefing.paths import DEFAULT_THEME

    done("imports")
    book_model, theme = load_checked(book, DEFAULT_THEME, ["en"])
    done("loading")
    from briefing.building import build

    localizer = build.localizer_for(book_model, "en")
    rendered = build.render_markup(book_model, localizer)
    done("templates")
    build.render_markup = lambda *_: rendered  # the tree from the markup just rendered, not rendered again
    document = build.document_for(book_model, "en")
    done("tree")

    from briefing.writers import pdf
    from briefing.writers.pdf import writer as pdf_writer
    from briefing.writers.pdf.compose import paragraph as composed

    done("PDF: import ReportLab and the writer")
    counts = {"paragraphs": 0, "lines": 0}
    plan = composed._plan

    def counted_plan(words, widths):
        lines = plan(words, widths)
        counts["paragraphs"] += 1
        counts["lines"] += len(lines)
        return lines

    composed._plan = counted_plan
    canvas_of = pdf_writer.counting_canvas
    saving = [0.0]

    def timed_canvas(*args, **kwargs):
        class Timed(canvas_of(*args, **kwargs)):
            def save(self):
                start = time.perf_counter()
                super().save()
                saving[0] += time.perf_counter() - start
                counts["pages"] = self.getPageNumber() - 1

        return Timed

    pdf_writer.counting_canvas = timed_canvas
    pdf.write(document, str(out / "book.pdf"), theme)
    done("PDF: layout and drawing")
    times["PDF: layout and drawing"] -= saving[0]
    times["PDF: page numbers, structure tree, saving"] = saving[0]

    from briefing.writers import docx

    done("DOCX: import python-docx and the writer")
    writer = docx.DocxWriter(document, theme, None)
    writer.visit_all(document.blocks)
    writer.trace.attach(writer.docx)
    done("DOCX: the document")
    docx._save(writer, str(out / "book.docx"))
    done("DOCX: saving")
    return {"times": times, "counts": counts}


def python_start(runs: int) -> float:
    """The median wall time of `python -c pass` here: what any Python command pays before its first line."""
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def measure(runs: int = 5, book: Path = BOOK) -> dict:
    """Medians over `runs` fresh processes (after one warm-up that fills the caches): phase times and counts."""
    import tempfile

    results = []
    with tempfile.TemporaryDirectory(prefix="phases-") as out:
        for _ in range(runs + 1):
            child = subprocess.run([sys.executable, "-m", "bench.phases", "--one", str(book), out], cwd=ROOT,
                                   capture_output=True, text=True, check=True)
            results.append(json.loads(child.stdout))
    results = results[1:]
    times = {phase: statistics.median(r["times"][phase] for r in results) for phase in PHASES}
    return {"times": times, "counts": results[0]["counts"], "start": python_start(runs)}


def report(measured: dict) -> list[str]:
    """The report's lines: each phase's median and share, then a core's rate of pages, paragraphs and lines."""
    times, counts = measured["times"], measured["counts"]
    total = sum(times.values()) + measured["start"]
    lines = [f"   {'Python starts (python -c pass)':<55} {measured['start'] * 1000:6.0f} ms  {measured['start'] / total:4.0%}"]
    lines += [f"   {phase:<55} {seconds * 1000:6.0f} ms  {seconds / total:4.0%}" for phase, seconds in times.items()]
    lines.append(f"   {'all, one after the other in one process':<55} {total * 1000:6.0f} ms")
    pdf = times["PDF: layout and drawing"] + times["PDF: page numbers, structure tree, saving"]
    lines.append(f"   one core, PDF: {counts['pages'] / pdf:5.1f} pages/s, "
                 f"{counts['paragraphs'] / times['PDF: layout and drawing']:6.0f} paragraphs/s composed, "
                 f"{counts['lines'] / times['PDF: layout and drawing']:6.0f} lines/s "
                 f"({counts['pages']} pages, {counts['paragraphs']} paragraphs, {counts['lines']} lines)")
    return lines


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(one_run(Path(argv[1]), Path(argv[2]))))
        return 0
    runs = int(argv[argv.index("-n") + 1]) if "-n" in argv else 5
    print("\n".join(report(measure(runs))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
