"""The `zapiska` command."""
from generator.cli.commands import console, main

__all__ = ["console", "main"]
