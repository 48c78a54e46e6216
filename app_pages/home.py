"""Home: what chemviz is and the path through the lesson."""

import streamlit as st

from chemviz.ui import inputs, widgets
from chemviz.ui.complexity.toy import lesson_picture

data = inputs.current()

st.title("chemviz: how machine-learning models see molecules")
st.markdown(
    f"""
An interactive lab that follows a workshop on **machine learning in chemistry**.
Every page shows the workshop's equations beside live charts computed on real molecules
— right now **{widgets.plain(data.title)}**, predicting
**{widgets.plain(data.target_label) if data.target else "nothing yet"}**.
Change the data set and the target in the sidebar; every page follows.
"""
)
left, right = st.columns([3, 2])
with right:
    lesson_picture()
left.subheader("The path through the lesson")
left.markdown(
    """
1. **Molecules** — look at the data: structures, the property to predict, and what
   could not be read.
2. **Model complexity** (statistical learning) — training error always falls as a model grows;
   the error on new data falls, then rises. Cross-validation tells where to stop.
3. **Kernels** (linear and kernel models) — ridge regression, the kernel trick, and kernel ridge
   regression: a prediction is a weighted sum of similarities to training molecules.
4. **Representations** and **Feature selection** — what "similar" means depends on how a molecule
   is turned into numbers; LASSO and elastic net pick the features that matter.
5. **Neural networks** — complexity on tap: watch the training and validation losses as a
   network learns.
"""
)
left.page_link(
    "app_pages/molecules.py", label="Start with the molecules", icon=":material/arrow_forward:"
)
st.caption(
    "The supervised-learning recipe behind every page: collect data (X, y) → featurize → "
    "split into training and test sets (and k folds inside training) → learn → "
    "test once, at the end."
)
