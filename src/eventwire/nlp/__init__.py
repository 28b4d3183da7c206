"""Loading the spaCy pipeline once per process, with eventwire's own components added."""
