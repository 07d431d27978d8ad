"""spaCy pipeline assembly and Caveat's spaCy components."""
