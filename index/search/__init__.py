"""From a question to an answer: candidates from the store, fused scores, the answer sentence, or a refusal.

``searcher`` ranks passages; ``answer`` picks the sentence and decides whether it answers at all.
"""

from .searcher import Answer, Passage, Searcher, Weights

__all__ = ["Answer", "Passage", "Searcher", "Weights"]
