"""briefing: turns structured content about a diplomatic meeting into a briefing book (DOCX and PDF)."""

__version__ = "0.1.0"
