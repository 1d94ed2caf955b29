"""Khabar's Telegram bot and console chat, on top of the ``index`` library."""
