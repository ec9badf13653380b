"""Pure NLP stages over spaCy Docs: no Slack, no SQL."""
