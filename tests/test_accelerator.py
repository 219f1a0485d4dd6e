"""ReportLab's C accelerator is installed and in use, and the PDFs are the same bytes without it."""

from conftest import EPOCH, SAMPLE, assert_same_bytes, run_briefing, run_briefing_patched

WITHOUT_ACCELERATOR = """
import sys
sys.modules["_rl_accel"] = None  # the import fails, so ReportLab uses its Python fallbacks
from reportlab.lib import rl_accel
assert "instanceStringWidthTTF" in rl_accel._py_funcs
"""


def it_uses_the_accelerator():
    from reportlab.lib import rl_accel

    assert rl_accel._py_funcs == {}  # every routine came from _rl_accel


def it_gives_the_same_pdf_bytes_without_the_accelerator(tmp_path):
    arguments = [str(SAMPLE), "-l", "ja+en", "-l", "ru", "-f", "pdf", "-j", "1", "--crop-marks", "--draft"]
    fast = run_briefing("build", *arguments, "-o", str(tmp_path / "fast"), env={"SOURCE_DATE_EPOCH": EPOCH})
    plain = run_briefing_patched(WITHOUT_ACCELERATOR, "build", *arguments, "-o", str(tmp_path / "plain"),
                                 env={"SOURCE_DATE_EPOCH": EPOCH})
    assert fast.returncode == plain.returncode == 0, fast.stderr + plain.stderr
    assert_same_bytes(tmp_path / "fast", tmp_path / "plain", (f"{SAMPLE.name}.ja+en.pdf", f"{SAMPLE.name}.ru.pdf"))
