"""Widgets and layout of the Neural networks page: controls, live training, results.

The page script stays a short list of sections; the parts with some logic live
here: :mod:`~.controls` (settings, data caption, architecture and equations),
:mod:`~.training` (the streamed training with its Stop button, the run kept in
the session), :mod:`~.results` (loss chart, parity, KRR comparison, maps), :mod:`~.replay`
(the epoch slider over a finished run)
and :mod:`~.cached` (the kernel-ridge baseline and maps shared by every session).
"""

from chemviz.ui.networks.controls import (
    Settings,
    architecture_row,
    controls,
    data_caption,
    data_key,
    make_split,
    training_equations,
)
from chemviz.ui.networks.replay import forget_epoch
from chemviz.ui.networks.results import show_loss, show_results
from chemviz.ui.networks.training import (
    NetworkRun,
    RunBox,
    link_asks_for_a_run,
    remember_in_link,
    stored_run,
    train_live,
)

__all__ = [
    "NetworkRun",
    "RunBox",
    "Settings",
    "architecture_row",
    "controls",
    "data_caption",
    "data_key",
    "forget_epoch",
    "link_asks_for_a_run",
    "make_split",
    "remember_in_link",
    "show_loss",
    "show_results",
    "stored_run",
    "train_live",
    "training_equations",
]
