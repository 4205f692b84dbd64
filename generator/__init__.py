"""Loa: a static site generator for campaign news."""

__version__ = "0.1.0"
