"""Running the bot for real: webhook serving with /healthz and /metrics (``webhook``), Prometheus metrics
(``metrics``), counted Bot API retries (``ratelimit``), each chat's fair share (``fairness``) and the chat
pseudonyms that logs use (``pseudonym``)."""
