"""One module per subcommand of `licensing-assistant` (see `assistant.cli`)."""
