"""The Molecules page: the data set, its structures, and uploads with their report.

- :mod:`.structures`: search, the grid of depictions and one molecule in 3D (a section);
- :mod:`.upload`: reading a file or pasted SMILES into a data set, and its report.
"""
