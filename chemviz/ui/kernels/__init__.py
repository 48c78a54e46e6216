"""The Kernels page: ridge regression written with a kernel, kernel matrices, KRR.

- :mod:`.controls`: what the page models (:class:`~.controls.Model`), the
  kernel and KRR controls, the current fit;
- :mod:`.sections`: each section, controls → result → figure → caption;
- :mod:`.cached`: the results shared by every session (kernels, CV grids, fits).
"""
