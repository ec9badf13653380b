"""Short articles written for the Slack tests (a minister flips on taxes)."""

from __future__ import annotations

EARLIER_TAXES = """Finance minister rules out a tax rise

London, 3 March 2025 — The finance minister Jane Porter spoke to reporters outside the \
Treasury on Monday morning.

"We will not raise taxes this year," Porter said.
"""

LATER_TAXES = """Finance minister announces a tax rise

London, 20 March 2025 — The finance minister Jane Porter addressed parliament on Thursday \
afternoon.

"We will raise taxes this year," Porter said.
"""

NO_STATEMENTS = """Weather turns colder across the north

Leeds, 4 March 2025 — Temperatures fell sharply overnight across the north of England, with \
frost reported on many roads and several schools opening late on Tuesday morning.
"""

LATER_TAXES_PAGE = """<html><head><title>Finance minister announces a tax rise</title>
<meta property="og:title" content="Finance minister announces a tax rise">
<meta property="article:published_time" content="2025-03-20T10:00:00Z">
</head><body><article>
<h1>Finance minister announces a tax rise</h1>
<p>London, 20 March 2025 — The finance minister Jane Porter addressed parliament on Thursday
afternoon, two weeks after she spoke to reporters outside the Treasury.</p>
<p>"We will raise taxes this year," Porter said.</p>
<p>Opposition members called the announcement a broken promise and demanded a vote.</p>
</article></body></html>
"""
