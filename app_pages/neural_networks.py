"""Neural networks: train a small network on molecules and watch its losses live."""

import streamlit as st

from chemviz.ui import networks as nn
from chemviz.ui import widgets
from chemviz.ui.inputs import current, model_inputs

st.title("Neural networks")
st.markdown(
    "A network turns the representation into the property through layers of simple units. "
    "Its many weights give complexity on tap, so it must be watched: after every pass over "
    "the training molecules (an **epoch**) we measure its error on molecules it does not "
    "train on (the **validation** set)."
)

data = current()
try:
    inputs = model_inputs(data, minimum=1)
    split = nn.make_split(data, inputs)
except ValueError as exc:
    widgets.show_error(exc)
    st.stop()

st.subheader("The network")
settings = nn.controls()
# Train, Stop and the progress bar right under the settings: on a projector (1920×1080)
# they are on the first screen; the losses are drawn below the architecture.
b1, b2, b3 = st.columns([1, 1, 5], vertical_alignment="center")
train = b1.button("Train", type="primary", key="nn_train", icon=":material/play_arrow:")
stop_slot, bar_slot = b2.empty(), b3.empty()
nn.architecture_row(inputs, settings)

st.subheader("Training")
nn.data_caption(data, inputs, split)  # which molecules train, validate and test
left, right = st.columns([3, 2])
chart_slot = left.empty()
with right:
    nn.training_equations(settings, len(split.train))

key = nn.data_key(data, inputs)
run = nn.stored_run(key)
if train or nn.link_asks_for_a_run(run, settings):
    if train:  # (a link's epoch is kept: the link replays the teacher's view)
        nn.forget_epoch()
    try:
        run = nn.train_live(
            inputs, split, settings, key, data.unit, (chart_slot, stop_slot, bar_slot)
        )
    except ValueError as exc:
        widgets.show_error(exc)
    stop_slot.empty()
    bar_slot.empty()
if run is None:
    chart_slot.info("Press **Train** to train the network; its losses appear here, epoch by epoch.")
else:
    with left:
        nn.show_loss(run, settings, data.unit, chart_slot)
    nn.show_results(run, data, inputs)
nn.remember_in_link(run, settings)
