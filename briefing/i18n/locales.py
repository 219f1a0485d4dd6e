"""The locales a book can be written in, and the language tags outputs declare for them."""

SUPPORTED_LOCALES = ("en", "ja", "ru")

# BCP 47 tags for PDF /Lang, DOCX w:lang and document properties.
LANGUAGE_TAGS = {"en": "en-GB", "ja": "ja-JP", "ru": "ru-RU"}
