"""Parallel builds: who writes what (own format first, largest first, the other's when worth it), same bytes always."""

from briefing.building.dispatch import Dispatch
from briefing.book.targets import Target

from conftest import EPOCH, SAMPLE, assert_same_bytes, run_briefing, run_briefing_patched

LOCALES = ("en", "ja", "ru", "ja+en", "ja+ru")


def default_targets() -> list[Target]:
    return [Target(locale, fmt) for locale in LOCALES for fmt in ("pdf", "docx")]


def drain(dispatch: Dispatch, worker: str, fmt: str) -> list[Target]:
    taken = []
    while (target := dispatch.next_for(worker, fmt)) is not None:
        taken.append(target)
    return taken


def it_gives_each_worker_its_own_format_a_first_single_tree_then_the_bilingual_books():
    dispatch = Dispatch(default_targets())
    assert [dispatch.next_for("A", "pdf").locale for _ in range(4)] == ["en", "ja+en", "ja+ru", "ja"]
    assert [dispatch.next_for("B", "docx").locale for _ in range(2)] == ["en", "ja+en"]  # en: the same tree


def after(pdfs: int, drafts: int) -> Dispatch:
    """A default build's dispatch once worker A has taken `pdfs` PDFs and worker B `drafts` Word drafts."""
    dispatch = Dispatch(default_targets())
    for worker, fmt, count in (("A", "pdf", pdfs), ("B", "docx", drafts)):
        taken = [dispatch.next_for(worker, fmt) for _ in range(count)]
        assert all(target.format == fmt for target in taken)  # its own format, nothing taken over yet
    return dispatch


def it_hands_word_drafts_to_the_pdf_worker_while_two_are_left():
    dispatch = after(pdfs=5, drafts=3)
    assert dispatch.next_for("A", "pdf") == Target("ja", "docx")  # two were left: ja and ru
    assert dispatch.next_for("A", "pdf") == Target("ru", "docx")  # its writer is loaded now


def it_keeps_the_last_two_pdfs_for_the_pdf_worker():
    assert after(pdfs=3, drafts=5).next_for("B", "docx") is None


def it_keeps_the_last_word_draft_for_the_word_worker():
    dispatch = after(pdfs=5, drafts=4)
    assert dispatch.next_for("A", "pdf") is None
    assert dispatch.next_for("B", "docx") == Target("ru", "docx")


def it_hands_pdfs_to_the_word_worker_only_while_three_are_left():
    dispatch = after(pdfs=2, drafts=5)
    assert dispatch.next_for("B", "docx") == Target("ja+ru", "pdf")  # three were left: ja+ru, ja and ru
    # Its writer is loaded now; it has written both languages, and the PDF worker Japanese (ja+en).
    assert dispatch.next_for("B", "docx") == Target("ru", "pdf")
    assert dispatch.next_for("A", "pdf") == Target("ja", "pdf")
    assert dispatch.next_for("A", "pdf") is None


def it_hands_out_every_target_exactly_once():
    dispatch = Dispatch(default_targets())
    taken = drain(dispatch, "A", "pdf") + drain(dispatch, "B", "docx")
    assert sorted(taken, key=repr) == sorted(default_targets(), key=repr)


def it_hands_out_nothing_after_a_failure():
    dispatch = Dispatch(default_targets())
    dispatch.next_for("A", "pdf")
    dispatch.stop()
    assert dispatch.next_for("A", "pdf") is None and dispatch.next_for("B", "docx") is None


CONTRARY_DISPATCH = """
import briefing.building.dispatch

def contrary(self, worker, preferred):
    # Every worker takes the other format first: each output is written by the
    # process that warmed up for the other writer.
    other = "docx" if preferred == "pdf" else "pdf"
    for fmt in (other, preferred):
        if self.left[fmt]:
            return self.left[fmt].pop(0)
    return None

briefing.building.dispatch.Dispatch.next_for = contrary
"""


def it_writes_the_same_bytes_whichever_process_writes_a_target(tmp_path, built_default):
    serial = run_briefing("build", str(SAMPLE), "-o", str(tmp_path / "serial"), "-j", "1",
                          env={"SOURCE_DATE_EPOCH": EPOCH})
    contrary = run_briefing_patched(CONTRARY_DISPATCH, "build", str(SAMPLE), "-j", "2",
                                    "-o", str(tmp_path / "contrary"), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert serial.returncode == contrary.returncode == 0, serial.stderr + contrary.stderr
    names = sorted(path.name for path in built_default.iterdir())
    for folder in (tmp_path / "serial", tmp_path / "contrary"):
        assert sorted(path.name for path in folder.iterdir()) == names
        assert_same_bytes(folder, built_default, names)


def it_lets_workers_forked_with_every_writer_take_any_format_to_the_end():
    # Forked from a build server's warm process, each worker has both writers: the PDF worker
    # takes the last Word draft rather than wait, whatever is left.
    dispatch = Dispatch(default_targets(), imported=frozenset({"pdf", "docx"}))
    pdf, docx = object(), object()
    while dispatch.left["pdf"]:
        dispatch.next_for(pdf, "pdf")
    while len(dispatch.left["docx"]) > 1:
        dispatch.next_for(docx, "docx")
    assert dispatch.next_for(pdf, "pdf").format == "docx"
    assert dispatch.next_for(pdf, "pdf") is None


def it_gives_a_worker_with_every_writer_the_other_formats_pairs_before_its_own_single_books():
    # The largest first whatever the format: what is left at the end is small, so the
    # workers finish close together, not one of them writing a whole PDF alone.
    dispatch = Dispatch(default_targets(), imported=frozenset({"pdf", "docx"}))
    pdf, docx = object(), object()
    assert dispatch.next_for(pdf, "pdf") == Target("en", "pdf")
    assert [dispatch.next_for(docx, "docx") for _ in range(3)] == [
        Target("en", "docx"), Target("ja+en", "docx"), Target("ja+ru", "docx")]
    assert dispatch.next_for(docx, "docx") == Target("ja+en", "pdf")  # a pair, before its own ja and ru
    assert dispatch.next_for(pdf, "pdf") == Target("ja+ru", "pdf")
    # Russian first: the Word worker has written Japanese in a PDF (the ja+en pair), not Russian.
    assert [dispatch.next_for(pdf, "pdf") for _ in range(2)] == [Target("ru", "pdf"), Target("ja", "pdf")]
    assert [dispatch.next_for(docx, "docx") for _ in range(2)] == [Target("ja", "docx"), Target("ru", "docx")]
    assert dispatch.next_for(docx, "docx") is None and dispatch.next_for(pdf, "pdf") is None


def it_gives_a_worker_the_single_books_in_the_languages_it_has_written_in_that_format():
    # A process remembers what it composed: the Japanese PDF costs half as much after the
    # Japanese-Chinese pair. Each worker is left the languages it knows, and the languages
    # only one knows go to it.
    locales = ("en", "fr", "ja", "ru", "fr+ja")
    dispatch = Dispatch([Target(locale, "pdf") for locale in locales], imported=frozenset({"pdf", "docx"}))
    first, second = object(), object()
    assert dispatch.next_for(first, "pdf") == Target("en", "pdf")  # each begins with a single tree
    assert dispatch.next_for(second, "pdf") == Target("fr", "pdf")
    assert dispatch.next_for(first, "pdf") == Target("fr+ja", "pdf")
    assert dispatch.next_for(second, "pdf") == Target("ru", "pdf")  # in order, ja: which the first has written
    assert dispatch.next_for(first, "pdf") == Target("ja", "pdf")
    assert dispatch.next_for(second, "pdf") is None and dispatch.next_for(first, "pdf") is None


def it_counts_a_language_written_in_another_format_as_unfamiliar():
    targets = [Target("ja", "docx"), Target("ja", "pdf"), Target("ru", "pdf"), Target("ru+en", "pdf")]
    dispatch = Dispatch(targets, imported=frozenset({"pdf", "docx"}))
    worker = object()
    assert dispatch.next_for(worker, "docx") == Target("ja", "docx")  # the first single tree
    assert dispatch.next_for(worker, "docx") == Target("ru+en", "pdf")
    assert dispatch.next_for(worker, "docx") == Target("ru", "pdf")  # Russian composed in a PDF; Japanese only drafted
    assert dispatch.next_for(worker, "docx") == Target("ja", "pdf")


def it_ends_on_the_smallest_books_whichever_worker_asks():
    # With every writer loaded, the one-language PDFs go before the Word drafts of one language, so
    # both workers end on pieces of about 20 ms, and neither waits long for the other at the end.
    dispatch = Dispatch(default_targets(), imported=frozenset({"pdf", "docx"}))
    pdf, docx = object(), object()
    taken = {pdf: [], docx: []}
    while any(dispatch.left.values()):
        for worker, fmt in ((pdf, "pdf"), (docx, "docx")):
            if (target := dispatch.next_for(worker, fmt)) is not None:
                taken[worker].append(target)
    singles = [target for targets in taken.values() for target in targets[1:] if "+" not in target.locale]
    last_pdf = max(index for index, target in enumerate(taken[pdf]) if target.format == "pdf")
    assert all(target.format == "docx" for target in taken[pdf][last_pdf + 1:])
    assert taken[pdf][-1].format == "docx" and taken[docx][-1].format == "docx"
    assert singles  # the rule was exercised


def it_loads_no_other_writer_while_its_own_format_has_targets_left():
    # Forked before the writers are imported, a worker takes its own single books before
    # the other format's pairs: loading a writer costs more than the order saves.
    dispatch = after(pdfs=3, drafts=1)
    assert dispatch.next_for("A", "pdf") == Target("ja", "pdf")
    assert dispatch.next_for("A", "pdf") == Target("ru", "pdf")
    assert dispatch.next_for("A", "pdf") == Target("ja+en", "docx")  # then the largest draft left
