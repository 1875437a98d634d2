"""`python -m generator`: the zapiska command, where the launcher is not on PATH (py -m on Windows)."""
from generator.cli.commands import main

main(prog_name="zapiska")
