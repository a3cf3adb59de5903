"""Batch scoring: many administrations of one instrument at once, with numpy.

>>> import numpy as np
>>> from ketacore.batch import score_array
>>> rows = np.array([[2, 2, 2, 2, 1, 1, 2, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 4]])
>>> scores = score_array("phq9", rows)
>>> scores.total
array([12., nan])
>>> scores.errors[0].reason
'PHQ-9 item 9: got 4, expected an integer 0–3'

Every rule is read from the same :class:`~ketacore.instruments.Instrument`
definitions that :meth:`~ketacore.instruments.Instrument.score` uses.
This package needs numpy; ``import ketacore`` and ``import ketacore.instruments``
do not import it.
"""

from __future__ import annotations

from ketacore.batch._result import BatchScores, RowError
from ketacore.batch._score import score_array
from ketacore.exceptions import BatchError

__all__ = ["BatchError", "BatchScores", "RowError", "score_array"]
