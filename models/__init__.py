"""Rule patterns kept as data (spaCy pattern JSONL), shipped inside the package."""
