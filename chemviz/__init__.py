"""chemviz: an interactive lab for machine learning on molecules."""
