"""What the notebooks' lessons call: data and noise, models and training, metrics, figures and their style.

Importing the package does not import TensorFlow, so `utils.lesson.session.prepare` can still
silence TensorFlow's start-up logging before the first TensorFlow import.
"""
