"""What Khabar knows of the languages it is asked in: which one a question is in (``detect``), Hindi-aware
keyword terms (``keywords``), romanized Hindi → Devanagari (``translit``) and Devanagari → readable Latin
letters (``latin``)."""

from .detect import detect_language

__all__ = ["detect_language"]
