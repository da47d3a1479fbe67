"""The terminal chat (Textual). Only the `chat` command imports this package; the domain
layers never do, so `ask`, `search` and the rest start without loading Textual."""
