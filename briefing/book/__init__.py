"""The book as the tool understands it: its model, its register, bilingual pairing and the targets a build is asked for."""
