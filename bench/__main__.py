"""Runs the benchmark: `python -m bench` from the repository root (see README, Performance)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "content" / "2009-05-12-japan-russia"
PROSE_MODULES = ("summary", "territorial", "economic", "international")


def run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one command, from the kernel's accounting of the finished child."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{error}")
    return wall, usage.ru_maxrss / 1024


def run_all(commands: list[list[str]]) -> tuple[float, float]:
    """One after the other: total wall, largest single-process peak."""
    results = [run(command) for command in commands]
    return sum(r[0] for r in results), max(r[1] for r in results)


def alternate(a, b, runs: int) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """A B A B …, after one warm-up of each, so drift of the machine hits both alike."""
    a(), b()
    return [(a(), b()) for _ in range(runs)]


def scaled_book(folder: Path, repeat: int) -> Path:
    """The sample book with every prose module's blocks repeated `repeat` times."""
    target = folder / f"{BOOK.name}-x{repeat}"
    shutil.copytree(BOOK, target)
    for name in PROSE_MODULES:
        path = target / f"{name}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["blocks"] = data["blocks"] * repeat
        # Written out in full: briefing refuses YAML aliases, which safe_dump would use for repeats.
        path.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, width=10_000), encoding="utf-8")
    return target


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


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


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--shared", default=str(ROOT / "bench" / "floors"),
                        help="the folder with floor_pdf.py, floor_docx.py and seed.md")
    parser.add_argument("-n", "--runs", type=int, default=5, help="counted runs of each pair (default 5)")
    arguments = parser.parse_args()
    shared = Path(arguments.shared)
    python = sys.executable
    briefing = [python, "-m", "briefing"]
    runs = arguments.runs
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    results = []
    try:
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of {runs} alternating runs\n")

        def floors(repeat: int):
            return lambda: run_all([
                [python, str(shared / "floor_pdf.py"), str(shared / "seed.md"), str(work / "floor.pdf"), str(repeat)],
                [python, str(shared / "floor_docx.py"), str(shared / "seed.md"), str(work / "floor.docx"), str(repeat)]])

        def build(book: Path, *options: str):
            return lambda: run(briefing + ["build", str(book), "-o", str(work / "out"), *options])

        english = ("-l", "en", "-f", "pdf", "-f", "docx")
        one = alternate(build(BOOK, *english), floors(1), runs)
        results.append(report("1. en PDF+DOCX vs the two floors one after the other", one, 1.0))

        # The Chinese and Korean books against the same floors: no goal, their CJK faces
        # (AR PL UMing and WenQuanYi are 21 and 17 MB collections) are most of the difference.
        for locale in ("zh", "ko"):
            cjk = alternate(build(BOOK, "-l", locale, "-f", "pdf", "-f", "docx"), floors(1), runs)
            results.append(report(f"1. {locale} PDF+DOCX vs the two floors (reported, no goal)", cjk, None))

        pandoc, soffice = shutil.which("pandoc"), shutil.which("soffice")
        if pandoc and soffice:
            markdown = shared / "seed.md"
            profile = f"-env:UserInstallation=file://{work}/lo-profile"
            peers = lambda: run_all([  # noqa: E731
                [pandoc, str(markdown), "-o", str(work / "seed.docx")],
                [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "seed.docx")]])
            results.append(report("1. en PDF+DOCX vs pandoc to DOCX, then LibreOffice to PDF",
                                  alternate(build(BOOK, *english), peers, runs), 0.4))
        else:
            print("1. pandoc or LibreOffice not installed: the peer comparison was not run")

        tenfold = scaled_book(work, 10)
        ten = alternate(build(tenfold, *english), floors(10), runs)
        results.append(report("2. ten times the content vs the floors at REPEAT=10", ten, 1.1))
        growth = [(t[0], (o[0][0] * 10, 0)) for t, o in zip(ten, one)]
        results.append(report("2. ten times the content vs ten times one book", growth, 1.1))
        memory = statistics.median(t[0][1] / t[1][1] for t in ten)
        print(f"{'2. peak memory at REPEAT=10 vs the floors':<58} "
              f"{statistics.median(t[0][1] for t in ten):6.1f} MiB vs {statistics.median(t[1][1] for t in ten):6.1f} MiB"
              f"   ratio {memory:5.2f}  goal ≤ 2: {'met' if memory <= 2 else 'NOT met'}")
        results.append(memory <= 2)

        epoch = {"SOURCE_DATE_EPOCH": "1242086400"}
        serial = lambda: run(briefing + ["build", str(BOOK), "-o", str(work / "j1"), "-j", "1"], epoch)  # noqa: E731
        parallel = lambda: run(briefing + ["build", str(BOOK), "-o", str(work / "j2"), "-j", "2"], epoch)  # noqa: E731
        speed = [(b, a) for a, b in alternate(parallel, serial, runs)]
        results.append(report("3. default build, -j 1 vs -j 2 (speed-up)", speed, 1.7, better="above"))
        same = all((work / "j1" / p.name).read_bytes() == p.read_bytes() for p in (work / "j2").iterdir())
        print(f"{'3. -j 2 outputs byte-identical to -j 1':<58} {'yes' if same else 'NO'}")
        results.append(same)

        for name, command in (("4. briefing --help", briefing + ["--help"]),
                              ("4. briefing check BOOK", briefing + ["check", str(BOOK)])):
            walls = sorted(run(command)[0] for _ in range(runs))
            loaded = subprocess.run([python, "-X", "importtime", *command[1:]], capture_output=True, text=True).stderr
            heavy = [m for m in ("reportlab", "docx", "jinja2", "babel") if f" {m}\n" in loaded or f" {m}." in loaded]
            print(f"{name:<58} {statistics.median(walls):6.2f} s   imports {', '.join(heavy) or 'no writer, template or Babel module'}")
            results.append(not ({"reportlab", "docx"} & set(heavy)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{sum(map(bool, results))} of {len(results)} goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
