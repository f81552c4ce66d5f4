"""Report wordings kept as data, shipped inside the package as ``soc2parse.models``.

- ``*.jsonl``: rules, one per line: spaCy token or phrase patterns, or ``regex`` rules
  (``soc2parse.text.rules`` loads and validates them);
- ``labels.json``: the labels each rules file may use, with what each means;
- ``legal_endings.json``: the one table of legal endings of organization names, with the
  uses each belongs to (``soc2parse.text.names``).
"""
