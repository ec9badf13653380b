"""Persistence for On Record: SQLAlchemy 2 models and repository functions, one module per
domain (articles, people, claims, contradictions, slack_state; roles answers who held a
title). Session first; every query filters by ``team_id``; the caller owns the transaction.
Nothing here imports ``bot``."""
