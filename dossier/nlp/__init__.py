"""Models loaded once per process: the sentence embedder (and, later, spaCy)."""
