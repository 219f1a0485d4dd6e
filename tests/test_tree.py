"""From book to document tree: numbering labels, headings, the legend and the register, and hostile text kept as text."""

from briefing import tree
from briefing.building.build import document_for
from briefing.content import load_book

from conftest import SAMPLE


def english():
    return document_for(load_book(SAMPLE), "en")


def it_numbers_sections_and_items_as_the_source_does():
    document = english()
    headings = [(h.level, h.label, h.text) for h in document.blocks if isinstance(h, tree.Heading)]
    assert headings[:4] == [
        (1, "", "Summary"),
        (1, "1.", "General Remarks (Significance of the Meeting)"),
        (1, "2.", "Issues of Mutual Interest in the Asia-Pacific Region"),
        (2, "(1)", "Northern Territories Issue"),
    ]
    labels = [label for _, label, _ in headings]
    assert labels[4:11] == ["(2)", "(a)", "(b)", "(c)", "(d)", "(e)", "3."]
    territorial = next(b for b in document.blocks if isinstance(b, tree.List) and b.ordered)
    assert [i.label for i in territorial.items] == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    nested = territorial.items[2].blocks[0]
    assert [i.label for i in nested.items] == ["(i)", "(ii)", "(iii)"]


def it_builds_the_title_block_and_metadata():
    document = english()
    title = document.blocks[0]
    assert isinstance(title, tree.TitleBlock) and title.date == "May 12, 2009" and title.subtitle == "Overview"
    assert document.meta.marking == "" and document.meta.language == "en-GB"  # a public overview: no marking
    assert document.meta.labels["page_of"] == "Page {page} of {pages}"


def it_builds_the_legend_as_a_table_and_the_register_as_entries():
    document = english()
    legend = next(b for b in document.blocks if isinstance(b, tree.Table) and b.role == "legend")
    assert legend.header == ("Marker", "Meaning") and [r[0] for r in legend.rows] == ["◎", "●", "*"]
    entries = [b for b in document.blocks if isinstance(b, tree.Entry)]
    assert len(entries) == 11
    assert entries[0].marker == "◎" and entries[0].flag == "*"
    assert entries[0].details[0] == "(Signatories: Minister for Foreign Affairs Nakasone and Minister of Justice Konovalov)"
    assert entries[-1].marker == "●" and entries[-1].details == ()


HOSTILE = ('{{ 7*7 }} {% raw %} <b>bold</b> &amp; <img src="/etc/passwd"/> '
           '<para autoLeading="x"><font color="[[[getattr(pow, Word(\'__globals__\'))]]]">x</font></para> '
           '{ PAGE } \u00a0& < >')


def it_keeps_hostile_text_as_text(book_copy):
    path = book_copy / "international.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "were mentioned.", "were mentioned. " + HOSTILE.replace("\\", "\\\\").replace('"', '\\"'))
    path.write_text(text, encoding="utf-8")
    document = document_for(load_book(book_copy), "en")
    paragraphs = [b.text for b in document.blocks if isinstance(b, tree.Paragraph)]
    assert any(p.endswith("were mentioned. " + HOSTILE) for p in paragraphs)


def it_keeps_each_locale_to_its_own_texts_and_labels_in_one_process():
    book = load_book(SAMPLE)
    first = {locale: document_for(book, locale) for locale in ("en", "ja", "ru")}
    again = {locale: document_for(book, locale) for locale in ("ru", "ja", "en")}
    assert first == again
    legend = {locale: next(b for b in doc.blocks if isinstance(b, tree.Table) and b.role == "legend").header
              for locale, doc in first.items()}
    assert legend == {"en": ("Marker", "Meaning"), "ja": ("記号", "意味"), "ru": ("Знак", "Значение")}


def it_compiles_each_template_once_for_every_locale(monkeypatch, tmp_path):
    import jinja2

    from briefing import templating
    from briefing.building.build import localizer_for

    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))  # empty: every template is compiled here
    templating.locale_environment.cache_clear()
    monkeypatch.setattr(templating, "_compiled", templating.SharedCompilation())
    compiled = []
    real_compile = jinja2.Environment._compile
    monkeypatch.setattr(jinja2.Environment, "_compile",
                        lambda env, source, filename: compiled.append(filename) or real_compile(env, source, filename))
    book = load_book(SAMPLE)
    markup = {locale: templating.render_markup(book, localizer_for(book, locale)) for locale in ("en", "ja", "ru")}
    templating.locale_environment.cache_clear()
    assert compiled and len(compiled) == len(set(compiled))
    # Shared code, separate catalogs: each locale still gets its own labels.
    assert "記号" in markup["ja"] and "記号" not in markup["en"] and "Знак" in markup["ru"]
    # A later process (a fresh compilation cache) finds them compiled in the user's cache: none compiled again.
    compiled.clear()
    monkeypatch.setattr(templating, "_compiled", templating.SharedCompilation())
    again = {locale: templating.render_markup(book, localizer_for(book, locale)) for locale in ("en", "ja", "ru")}
    templating.locale_environment.cache_clear()
    assert compiled == [] and again == markup
