"""Palermo: a knowledge-graph builder for UN documents on trafficking in persons."""

__version__ = "0.1.0"
