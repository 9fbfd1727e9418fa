"""khronika: a verified, sourced, protected record of human-rights incidents."""

__version__ = "0.1.0"
