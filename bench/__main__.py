"""Runs the benchmark: `python -m bench` from the repository root (see README, Performance)."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "content" / "2009-05-12-japan-russia"
SECOND = ROOT / "content" / "2010-11-19-japan-mongolia"


def run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one command, from the kernel's accounting of the finished child."""
    return run_together([command], env)


def run_all(commands: list[list[str]]) -> tuple[float, float]:
    """One after the other: total wall, largest single-process peak."""
    results = [run(command) for command in commands]
    return sum(r[0] for r in results), max(r[1] for r in results)


def run_together(commands: list[list[str]], env: dict | None = None) -> tuple[float, float]:
    """Started at once: wall time until the last one ends, largest single-process peak."""
    errors = [tempfile.TemporaryFile() for _ in commands]  # not pipes: a full one would stall its writer
    start = time.perf_counter()
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=error, env={**os.environ, **(env or {})})
                 for command, error in zip(commands, errors)]
    usages = [os.wait4(process.pid, 0) for process in processes]
    wall = time.perf_counter() - start
    for command, (_, status, _), error in zip(commands, usages, errors):
        error.seek(0)
        said = error.read().decode(errors="replace")
        error.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{said}")
    return wall, max(usage.ru_maxrss for _, _, usage in usages) / 1024


def alternate(a, b, runs: int) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """A B A B …, after one warm-up of each, so drift of the machine hits both alike."""
    a(), b()
    return [(a(), b()) for _ in range(runs)]


def scaled_book(folder: Path, repeat: int, book: Path = BOOK) -> Path:
    """A sample book with every prose module's blocks (tables and figures too) repeated `repeat` times."""
    target = folder / f"{book.name}-x{repeat}"
    shutil.rmtree(target, ignore_errors=True)  # made again for each pass of the goals
    shutil.copytree(book, target)
    (target / "translations.lock").unlink(missing_ok=True)  # fingerprints of the unrepeated paths
    for path in sorted(target.glob("*.yaml")):
        if path.name in ("book.yaml", "glossary.yaml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "blocks" not in data:
            continue  # the register
        data["blocks"] = data["blocks"] * repeat
        # Written out in full: briefing refuses YAML aliases, which safe_dump would use for repeats.
        path.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, width=10_000), encoding="utf-8")
    return target


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def seed_of(book: Path, target: Path) -> Path:
    """The book's English text as the floors' Markdown (headings, paragraphs, bullets), for a floor on the same text.

    The floors know no tables or images: a table row is a paragraph of its
    cells, and a figure is its caption; so the floor does less than the book.
    """
    sys.path.insert(0, str(ROOT))
    from briefing import tree
    from briefing.building.build import document_for
    from briefing.content import load_book

    lines = []

    def add(block) -> None:
        if isinstance(block, tree.TitleBlock):
            lines.append(f"# {block.title}")
        elif isinstance(block, tree.Heading):
            lines.append(f"{'#' * min(block.level + 1, 3)} {block.display()}")
        elif isinstance(block, tree.Paragraph):
            lines.append(block.text)
        elif isinstance(block, tree.List):
            for item in block.items:
                lines.append(f"- {item.text}")
                for nested in item.blocks:
                    add(nested)
        elif isinstance(block, tree.Table):
            lines.extend(" | ".join(row) for row in (block.header, *block.rows))
        elif isinstance(block, tree.Figure):
            lines.append(block.caption)
        elif isinstance(block, tree.Entry):
            lines.append(f"{block.marker} {block.title}")
            lines.extend(block.details)

    for block in document_for(load_book(book), "en").blocks:
        add(block)
    target.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return target


def median_ratio(pairs, index: int = 0) -> float:
    return statistics.median(a[index] / b[index] for a, b in pairs)


def report(name: str, pairs, limit: float | None, better: str = "below") -> bool:
    a = statistics.median(p[0][0] for p in pairs)
    b = statistics.median(p[1][0] for p in pairs)
    ratio = median_ratio(pairs)
    spread = sorted(x[0] / y[0] for x, y in pairs)
    met = limit is None or (ratio <= limit if better == "below" else ratio >= limit)
    verdict = "" if limit is None else (f"  goal {'≤' if better == 'below' else '≥'} {limit:g}: "
                                       f"{'met' if met else 'NOT met'}")
    print(f"{name:<58} {a:6.2f} s vs {b:6.2f} s   ratio {ratio:5.2f} "
          f"(min {spread[0]:.2f}, max {spread[-1]:.2f}){verdict}")
    return met


def preview_line(python: str, work: Path, runs: int) -> None:
    """The preview's time from saving a content file to the open page showing the edit, in Debian's Chromium."""
    name = "5. preview: save a file -> the page shows it"
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if not chromium:
        print(f"{name:<58} not run: chromium or playwright not installed (scripts/setup.sh --test)")
        return
    book = work / "preview-book"
    shutil.copytree(BOOK, book)
    server = subprocess.Popen([python, "-m", "briefing", "preview", str(book), "--port", "0", "-l", "en"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        url = server.stdout.readline().split(" at ")[1].split()[0]
        module = book / "international.yaml"
        source = module.read_text(encoding="utf-8")
        times = []
        args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=args)
            page = browser.new_page()
            page.goto(url)
            for index in range(runs + 1):  # the first is a warm-up
                marker = f"Saved edit {index}."
                start = time.perf_counter()
                module.write_text(source.replace("were mentioned.", f"were mentioned. {marker}", 1), encoding="utf-8")
                page.wait_for_function(f"() => document.body.innerText.includes({marker!r})", timeout=30_000)
                times.append(time.perf_counter() - start)
            browser.close()
        print(f"{name:<58} {statistics.median(times[1:]):6.2f} s   (median of {runs}; "
              f"min {min(times[1:]):.2f}, max {max(times[1:]):.2f})")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=15)


def tagging_line(python: str, work: Path, runs: int) -> bool:
    """What tagging (structure, marked content, PDF/A and PDF/UA metadata) costs the English PDF, in time and size."""
    def pdf(module: str, out: str):
        return lambda: run([python, "-m", module, "build", str(BOOK), "-l", "en", "-f", "pdf", "-o", str(work / out),
                            "--force", "-j", "1"], {"SOURCE_DATE_EPOCH": "1242086400"})

    pairs = alternate(pdf("briefing", "tagged"), pdf("bench.untagged", "untagged"), runs)
    met = report("8. tagged en PDF vs the same PDF untagged (time)", pairs, 1.1)
    name = f"{BOOK.name}.en.pdf"
    tagged, untagged = ((work / out / name).stat().st_size for out in ("tagged", "untagged"))
    print(f"{'8. tagged en PDF vs untagged (size)':<58} {tagged / 1024:6.1f} KiB vs {untagged / 1024:6.1f} KiB"
          f"   ratio {tagged / untagged:5.2f}  (the sRGB profile alone: {_profile_size() / 1024:.1f} KiB)")
    return met


def _profile_size() -> int:
    from briefing.writers.pdf.tagging.archival import SRGB_PROFILE

    return Path(SRGB_PROFILE).stat().st_size if Path(SRGB_PROFILE).is_file() else 0


def pages_lines(work: Path) -> list[bool]:
    """Line 7: the print defects bench/pages counts in each baseline book (every output, PDF and draft), against its baseline."""
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        pdfplumber = None
    if not pdfplumber or not shutil.which("pdftotext"):
        print(f"{'7. print defects':<58} not run: pdfplumber or pdftotext not installed (scripts/setup.sh --test)")
        return []
    from bench.pages import baseline

    found = baseline.totals(baseline.measure_all(work / "pages", with_drafts=bool(shutil.which("soffice"))))
    recorded = baseline.totals(baseline.load()) if baseline.BASELINE.exists() else {}
    for book, total in found.items():
        print(f"{'7. print defects, ' + book:<58} {total:6d}   baseline {recorded.get(book, '-')}")
    total = sum(found.values())
    print(f"{'7. print defects, all books':<58} {total:6d}   goal 0: {'met' if total == 0 else 'NOT met'}")
    return [total == 0]


def verdict(value: float, limit: float, unit: str = "", better: str = "below") -> tuple[str, bool]:
    met = value <= limit if better == "below" else value >= limit
    return f"goal {'≤' if better == 'below' else '≥'} {limit:g}{unit}: {'met' if met else 'NOT met'}", met


def timed_line(name: str, command: list[str], runs: int, limit: float | None, env: dict | None = None) -> bool:
    """A command's median wall time over `runs`, against an absolute goal (or none)."""
    walls = sorted(run(command, env)[0] for _ in range(runs))
    said, met = verdict(statistics.median(walls), limit, " s") if limit is not None else ("", True)
    print(f"{name:<58} {statistics.median(walls):6.2f} s   (min {walls[0]:.2f}, max {walls[-1]:.2f})  {said}")
    return met


def growth_line(python: str, work: Path, served: dict, repeat: int = 100) -> bool:
    """100 times the content once, against the book once: the time may grow no faster than the page count."""
    big = scaled_book(work, repeat)
    times, pages = [], []
    for book, out in ((BOOK, work / "once"), (big, work / "hundred")):
        times.append(run([python, "-m", "briefing", "build", str(book), "-l", "en", "-f", "pdf", "-f", "docx",
                          "-o", str(out), "--force"], served)[0])
        pages.append(_pages(out / f"{book.name}.en.pdf"))
    ratio = (times[1] / times[0]) / (pages[1] / pages[0])
    said, met = verdict(ratio, 1.0)
    print(f"{f'2. {repeat}x content: time grows / pages grow':<58} {times[1]:6.2f} s for {pages[1]} pages vs "
          f"{times[0]:.2f} s for {pages[0]}   ratio {ratio:5.2f}  {said}")
    return met


def _pages(pdf: Path) -> int:
    """The page count, as pikepdf (a reader of the test set-up, not ours) reads it: no system tool needed."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def peer_lines(python: str, shared: Path, work: Path, english, html, runs: int) -> list[bool]:
    """The peers: pandoc to DOCX then LibreOffice to PDF, and pandoc's standalone HTML writer, on the same text;
    and Python's own start, which every command here pays (pandoc, a compiled program, does not)."""
    results = []
    pandoc, soffice = shutil.which("pandoc"), shutil.which("soffice")
    if pandoc and soffice:
        markdown = shared / "seed.md"
        profile = f"-env:UserInstallation=file://{work}/lo-profile"
        peers = lambda: run_all([  # noqa: E731
            [pandoc, str(markdown), "-o", str(work / "seed.docx")],
            [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "seed.docx")]])
        results.append(report("1. en PDF+DOCX vs pandoc to DOCX, then LibreOffice to PDF",
                              alternate(english, peers, runs), 0.4))
    else:
        print("1. pandoc or LibreOffice not installed: the peer comparison was not run (scripts/setup.sh --bench)")
    start = lambda: run([python, "-c", "pass"])  # noqa: E731
    if pandoc:
        # pandoc -s writes the same text as one standalone page (title from the first heading).
        page = lambda: run([pandoc, str(shared / "seed.md"), "-s", "--metadata", "pagetitle=seed",  # noqa: E731
                            "-o", str(work / "seed.html")])
        results.append(report("3. en HTML vs pandoc's standalone HTML writer", alternate(html, page, runs), 1.0))
        report("3. Python's own start (python -c pass) vs pandoc's HTML", alternate(start, page, runs), None)
    else:
        print("3. pandoc not installed: the HTML comparison was not run (scripts/setup.sh --bench)")
    report("3. en HTML vs Python's own start (python -c pass)", alternate(html, start, runs), None)
    return results


def command_lines(python: str, briefing: list[str], work: Path, runs: int, served: dict) -> list[bool]:
    """--help, and check of a book: the first check after a change, and again unchanged (its answer remembered)."""
    results = []
    book = work / "checked-book"
    shutil.rmtree(book, ignore_errors=True)
    shutil.copytree(BOOK, book)
    first = []
    for _ in range(runs):  # each time a change no check has seen (the other pass's included): a new comment
        with open(book / "international.yaml", "a", encoding="utf-8") as module:
            module.write(f"\n# a change made at {time.time_ns()}\n")
        first.append(run(briefing + ["check", str(book)], served)[0])
    first.sort()
    print(f"{'4. briefing check BOOK, after a change (the whole check)':<58} {statistics.median(first):6.2f} s   "
          f"(min {first[0]:.2f}, max {first[-1]:.2f})  no goal")
    for name, command, limit in (("4. briefing --help", briefing + ["--help"], 0.05),
                                 ("4. briefing check BOOK, unchanged (remembered)", briefing + ["check", str(book)], 0.2)):
        results.append(timed_line(name, command, runs, limit, served))
        loaded = subprocess.run([python, "-X", "importtime", *command[1:]], capture_output=True, text=True,
                                env={**os.environ, **served}).stderr
        heavy = [m for m in ("reportlab", "docx", "jinja2", "babel", "yaml") if f" {m}\n" in loaded or f" {m}." in loaded]
        print(f"{'':<58} imports {', '.join(heavy) or 'no writer, template, YAML or Babel module'}")
    return results


def goal_lines(python: str, shared: Path, work: Path, runs: int, served: dict) -> list[bool]:
    """Goals 1 to 6, every briefing command run with `served` in its environment (a build server's socket, or off)."""
    results = []
    briefing = [python, "-m", "briefing"]

    def floors(repeat: int, seed: Path = shared / "seed.md"):
        return lambda: run_all([
            [python, str(shared / "floor_pdf.py"), str(seed), str(work / "floor.pdf"), str(repeat)],
            [python, str(shared / "floor_docx.py"), str(seed), str(work / "floor.docx"), str(repeat)]])

    def build(book: Path, *options: str):
        # --force: every run builds; an unchanged request would otherwise be "up to date" (line 6 measures that).
        return lambda: run(briefing + ["build", str(book), "-o", str(work / "out"), "--force", *options], served)

    english = ("-l", "en", "-f", "pdf", "-f", "docx")
    one = alternate(build(BOOK, *english), floors(1), runs)
    results.append(report("1. en PDF+DOCX vs the two floors one after the other", one, 0.7))
    # The Chinese and Korean books against the English one: their CJK faces (AR PL UMing and
    # WenQuanYi are 21 and 17 MB collections) are most of the difference.
    for locale in ("zh", "ko"):
        cjk = alternate(build(BOOK, "-l", locale, "-f", "pdf", "-f", "docx"), build(BOOK, *english), runs)
        results.append(report(f"1. {locale} PDF+DOCX vs en PDF+DOCX", cjk, 1.3))
    results += peer_lines(python, shared, work, build(BOOK, *english), build(BOOK, "-l", "en", "-f", "html"), runs)

    tenfold = scaled_book(work, 10)
    ten = alternate(build(tenfold, *english), floors(10), runs)
    results.append(report("2. ten times the content vs the floors at REPEAT=10", ten, 0.6))
    growth = [(t[0], (o[0][0] * 10, 0)) for t, o in zip(ten, one)]
    results.append(report("2. ten times the content vs ten times one book", growth, 1.1))
    if served.get("BRIEFING_SERVER") == "off":
        memory = statistics.median(t[0][1] / t[1][1] for t in ten)
        said, met = verdict(memory, 1.5)
        print(f"{'2. peak memory at REPEAT=10 vs the floors':<58} "
              f"{statistics.median(t[0][1] for t in ten):6.1f} MiB vs "
              f"{statistics.median(t[1][1] for t in ten):6.1f} MiB   ratio {memory:5.2f}  {said}")
        results.append(met)
    else:  # the kernel accounts the command's own process, and the work is done in the server's child
        print(f"{'2. peak memory':<58} measured above, each command in its own process")
        results.append(None)
    results.append(growth_line(python, work, served))

    epoch = {"SOURCE_DATE_EPOCH": "1242086400", **served}
    serial = lambda: run(briefing + ["build", str(BOOK), "-o", str(work / "j1"), "-j", "1", "--force"],  # noqa: E731
                         epoch)
    parallel = lambda: run(briefing + ["build", str(BOOK), "-o", str(work / "j2"), "-j", "2", "--force"],  # noqa: E731
                           epoch)
    # What two cores give at each moment, whatever the tool does: two -j 1 builds started together, each on a
    # core of its own. No -j 2 build can take less than half their time; on a shared host that swings with the
    # neighbours' load, so each round runs all three, and -j 2 is also set against half of its own round's pair.
    both = lambda: run_together([briefing + ["build", str(BOOK), "-o", str(work / f"j1-{side}"),  # noqa: E731
                                             "-j", "1", "--force"] for side in "ab"], epoch)
    parallel(), serial(), both()
    rounds = [(parallel(), serial(), both()) for _ in range(runs)]
    wall = statistics.median(p[0] for p, _, _ in rounds)
    said, met = verdict(wall, 2.0, " s")
    print(f"{'5. default build (28 outputs), -j 2':<58} {wall:6.2f} s   {said}")
    results.append(met)
    results.append(report("5. default build, -j 1 vs -j 2 (speed-up)", [(s, p) for p, s, _ in rounds], 1.8,
                          better="above"))
    report("5. two -j 1 builds: one alone twice vs both at once", [((2 * s[0], s[1]), b) for _, s, b in rounds], None)
    report("5. -j 2 vs half of two -j 1 builds at once (ideal 1)", [(p, (b[0] / 2, b[1])) for p, _, b in rounds],
           None)
    same = all((work / "j1" / p.name).read_bytes() == p.read_bytes() for p in (work / "j2").iterdir())
    print(f"{'5. -j 2 outputs byte-identical to -j 1':<58} {'yes' if same else 'NO'}")
    results.append(same)

    second_seed = seed_of(SECOND, work / "second.md")
    second = alternate(build(SECOND, *english), floors(1, second_seed), runs)
    results.append(report("1. second book (table, figure) en PDF+DOCX vs the floors", second, 0.7))

    # The default build again, unchanged: every output up to date, nothing written.
    results.append(timed_line("6. default build again, nothing changed (up to date)",
                              briefing + ["build", str(BOOK), "-o", str(work / "j2")], runs, 0.1, epoch))
    results += command_lines(python, briefing, work, runs, served)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--shared", default=str(ROOT / "bench" / "floors"),
                        help="the folder with floor_pdf.py, floor_docx.py and seed.md")
    parser.add_argument("-n", "--runs", type=int, default=5, help="counted runs of each pair (default 5)")
    parser.add_argument("--no-pages", action="store_true",
                        help="skip line 7, the print defects of the baseline books (a minute: it builds and reads them)")
    arguments = parser.parse_args()
    shared = Path(arguments.shared)
    python = sys.executable
    runs = arguments.runs
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    modes = {}
    try:
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of {runs} alternating runs; "
              f"the user's cache (briefing/cache.py) is filled by the warm-up run")
        print("\nGoals 1-6, each command in a process of its own (no build server):")
        modes["alone"] = goal_lines(python, shared, work, runs, {"BRIEFING_SERVER": "off"})
        socket = work / "server" / "server.sock"
        served = {"BRIEFING_SERVER": str(socket)}
        started = subprocess.run([python, "-m", "briefing", "server", "start", "--idle", "60"], env={**os.environ, **served},
                                 capture_output=True, text=True)
        if started.returncode != 0:
            raise SystemExit(f"the build server did not start:\n{started.stderr}")
        try:
            print("\nGoals 1-6 again, with the build server running (briefing server start; briefing/server/):")
            modes["served"] = goal_lines(python, shared, work, runs, served)
        finally:
            subprocess.run([python, "-m", "briefing", "server", "stop"], env={**os.environ, **served},
                           capture_output=True)
        print()
        shared_results = [tagging_line(python, work, runs)]
        preview_line(python, work, runs)
        if not arguments.no_pages:
            shared_results += pages_lines(work)
        from bench import phases

        print("\nPhases of one en PDF + DOCX build, one after the other in one process (python -m bench.phases):")
        print("\n".join(phases.report(phases.measure(runs))))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    # The peak memory, measured only in a command's own process, counts for both.
    modes["served"] = [a if s is None else s for s, a in zip(modes["served"], modes["alone"])]
    for mode, said in (("served", "with the build server"), ("alone", "each command in its own process")):
        results = modes[mode] + shared_results
        print(f"{sum(map(bool, results))} of {len(results)} goals met {said}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
