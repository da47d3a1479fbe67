"""Widgets of the chat."""
