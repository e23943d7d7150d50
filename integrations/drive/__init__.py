"""Google Drive: the service account's client (client, errors), which files are meetings
(files, meet), the push channel and its notifications (watch, notifications, state), reading
the change list (changes), and fetching a file for the pipeline (source)."""
