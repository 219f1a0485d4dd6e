"""Readers: each takes an output format back in and says what it finds there in terms of content paths; none edits YAML."""
