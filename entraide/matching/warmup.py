"""Import the engine's heavy libraries ahead of the first suggestion.

``text`` and ``assignment`` import scikit-learn and ``scipy.optimize`` inside their
functions, so that the CLI and the tests start fast. A long-running server should pay
that second once, at start-up (and, with gunicorn's ``preload_app``, once for all its
workers, which share the imported modules), rather than on some user's first review
queue.
"""


def import_heavy_modules() -> None:
    from scipy.optimize import linear_sum_assignment  # noqa: F401
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: F401
