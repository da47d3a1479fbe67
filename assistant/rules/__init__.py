"""Deterministic rules: small pure functions, each citing the clauses it rests on."""
