"""Shared, unit-tested helpers for the three autoencoder notebooks.

Importing the package does not import TensorFlow, so `utils.session.prepare` can still
silence TensorFlow's start-up logging before the first TensorFlow import.
"""
