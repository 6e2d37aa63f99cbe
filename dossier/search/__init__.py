"""Full-text and semantic search, and the safe translation of what users type."""
