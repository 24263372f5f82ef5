"""Language knowledge as data: region table, outline patterns, document types, chrome words."""
