"""Zoom: webhooks, the REST API through zoomus, recordings and participants (built with the
Zoom issue)."""
