"""A migration that fails half-way while FAILING_APP_BROKEN=1, and succeeds once it is unset."""
