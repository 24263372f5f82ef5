"""Bad input, generated: every kind of file, argument and database a user may give planscope
by mistake, each with the answer planscope must give (see ``kinds.py``)."""
