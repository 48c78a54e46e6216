"""The Representations page: features, chemical-space maps, one molecule, agreement.

- :mod:`.sections`: parameter widgets from the registry and the page's sections;
- :mod:`.cached`: summaries, maps and comparisons shared by every session.
"""
