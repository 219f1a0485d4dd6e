"""Untrusted input and safe writing: the guarded reader, character rules, template budgets, locks, atomic output and the rules a text from outside meets at the door."""
