"""Shared, unit-tested helpers for the three autoencoder notebooks, in two halves.

- `utils.lesson`: what the lessons call (data and noise, models and training, metrics, figures).
- `utils.report.tables`: what builds the report (saving, claims, slides, the README and docs tables).

Importing the package does not import TensorFlow.
"""
