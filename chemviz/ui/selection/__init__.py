"""The Feature selection page: LASSO and elastic-net paths, the model at one λ, RFE.

- :mod:`.controls`: the setting (ℓ1 share, folds, seed), the λ slider;
- :mod:`.sections`: each section, controls → result → figure → caption;
- :mod:`.cached`: the results shared by every session (the prepared data, paths, RFE).
"""
