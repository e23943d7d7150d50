"""Slack's Web API through slack_sdk: the client, its errors, Block Kit, posts and threads."""
