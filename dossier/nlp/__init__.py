"""Models loaded once per process (the sentence embedder, spaCy) and the entity finder.

``find_entities(doc_or_text)`` gives the states, organisations, people and places of a text.
"""
