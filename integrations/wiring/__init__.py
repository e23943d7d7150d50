"""Composition roots: each command's adapters built from settings, one module per purpose.

The receiver's root (receiver.py) imports none of the pipeline's, so `scribe serve` stays light."""
