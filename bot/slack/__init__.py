"""The Slack app on the receiver: the Bolt app, its listeners and what they say back."""
