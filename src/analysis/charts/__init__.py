"""Figure-drawing functions, one module per chapter; each returns a matplotlib Figure."""
