"""Goalpost: with no arguments opens the sandbox; subcommands run it from the command line."""
import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # first, so the training process starts inside a frozen app
    from sandbox.commands import main

    sys.exit(main())
