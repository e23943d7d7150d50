"""Redis: job states, results, the delivery ledger (records) and the arq queue (queue)."""
