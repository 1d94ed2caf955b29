"""Telegram on 127.0.0.1: a fake Bot API (``fake_telegram``) for tests, and the load bench that drives the
real bot against it (``bench``, ``python -m bot bench``)."""
