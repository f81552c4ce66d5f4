"""review: see docs/model.md for the floor plan."""
