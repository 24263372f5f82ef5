"""Structure: a document's outline (篇/章/节/专栏) and its tables rebuilt as rows and columns."""
