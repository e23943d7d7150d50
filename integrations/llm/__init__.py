"""An OpenAI-compatible language model: summaries, thread answers, embeddings, token counts."""
