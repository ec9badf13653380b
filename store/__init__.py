"""Persistence for On Record: SQLAlchemy 2 models and repository functions."""
