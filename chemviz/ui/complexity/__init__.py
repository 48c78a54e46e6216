"""The Model complexity page: the 1D polynomial story, then real molecules.

- :mod:`.toy` and :mod:`.molecules`: the two tabs, each a section of its own
  (its sliders rerun it alone);
- :mod:`.cached`: the curves shared by every session.
"""
