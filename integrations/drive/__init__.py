"""Google Drive: the service account, push channels, change lists and file downloads (built
with the Drive issue)."""
