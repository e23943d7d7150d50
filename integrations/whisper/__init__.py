"""Speech to text with faster-whisper, and the PyAV decoding that feeds it."""
