"""Dialogue layer: understanding turns, conversation state, composing replies."""
