"""ReportLab's C accelerator is installed and in use, and the PDFs are the same bytes without it."""

import os
import subprocess
import sys

from conftest import EPOCH, ROOT, SAMPLE, run_briefing

WITHOUT_ACCELERATOR = """
import sys
sys.modules["_rl_accel"] = None  # the import fails, so ReportLab uses its Python fallbacks
from briefing.cli import main
from reportlab.lib import rl_accel
assert "instanceStringWidthTTF" in rl_accel._py_funcs
sys.exit(main(sys.argv[1:]))
"""


def it_uses_the_accelerator():
    from reportlab.lib import rl_accel

    assert rl_accel._py_funcs == {}  # every routine came from _rl_accel


def it_gives_the_same_pdf_bytes_without_the_accelerator(tmp_path):
    arguments = [str(SAMPLE), "-l", "ja+en", "-l", "ru", "-f", "pdf", "-j", "1", "--crop-marks", "--draft"]
    fast = run_briefing("build", *arguments, "-o", str(tmp_path / "fast"), env={"SOURCE_DATE_EPOCH": EPOCH})
    plain = subprocess.run([sys.executable, "-c", WITHOUT_ACCELERATOR, "build", *arguments, "-o", str(tmp_path / "plain")],
                           capture_output=True, text=True, cwd=ROOT, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert fast.returncode == plain.returncode == 0, fast.stderr + plain.stderr
    for name in (f"{SAMPLE.name}.ja+en.pdf", f"{SAMPLE.name}.ru.pdf"):
        assert (tmp_path / "fast" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name
