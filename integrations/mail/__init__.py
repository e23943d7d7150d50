"""Email to attendees over SMTP (aiosmtplib), rendered from Jinja2 templates."""
