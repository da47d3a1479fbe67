"""licensing-assistant: answers software-licensing questions from notes, with citations."""

__version__ = "0.1.0"
