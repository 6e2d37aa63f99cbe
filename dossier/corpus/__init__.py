"""Cross-article work done after an article is stored: summaries, embeddings, similar
readings (and later fusion and entity merge). Each pass is incremental."""
