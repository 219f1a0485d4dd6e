"""Translators' workflow: the state of every translation, fingerprints, XLIFF out to CAT tools and back, the glossary check."""
