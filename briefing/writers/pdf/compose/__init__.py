"""The line composer: total-fit (Knuth–Plass) line breaking of body paragraphs, per script, drawn by ReportLab."""

from briefing.writers.pdf.compose.paragraph import ComposedParagraph, Composer

__all__ = ["ComposedParagraph", "Composer"]
