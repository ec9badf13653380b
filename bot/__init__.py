"""On Record: keep officials on the record."""

__version__ = "0.1.0"
