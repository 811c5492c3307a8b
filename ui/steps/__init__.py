"""The wizard's six pages, one module each, in the order of ui.state.STEPS."""
