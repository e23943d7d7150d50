"""The safe downloader: links checked, resolved and streamed to disk, never to a forbidden
address."""
