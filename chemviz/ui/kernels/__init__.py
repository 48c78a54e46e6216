"""The Kernels page: ridge regression written with a kernel, kernel matrices, KRR.

- :mod:`.controls`: what the page models (:class:`~.controls.Model`), the
  kernel and KRR controls, the current fit;
- :mod:`.sections`: ridge written with a kernel, KRR and its explanations (one
  section that reruns alone), each controls → result → figure → caption;
- :mod:`.heatmap`: the kernel matrix, its histogram and one pair;
- :mod:`.cached`: the results shared by every session (kernels, CV grids, fits).
"""
