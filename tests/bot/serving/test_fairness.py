"""Per-chat budgets (in flight, per minute, one notice per window, bounded memory), pseudonyms, settings."""

import pytest

from bot.serving.fairness import Budgets
from bot.serving.pseudonym import pseudonym
from bot.settings import BotSettings
from index.errors import KhabarError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_in_flight_budget_refuses_beyond_it_and_frees_on_release():
    budgets = Budgets(in_flight=2, per_minute=100, clock=Clock())
    assert budgets.admit("a").admitted and budgets.admit("a").admitted
    third = budgets.admit("a")
    assert not third.admitted and third.limit == "in_flight" and third.tell
    assert budgets.admit("b").admitted  # another chat is untouched
    budgets.release("a")
    assert budgets.admit("a").admitted


def test_per_minute_budget_and_one_notice_per_window():
    clock = Clock()
    budgets = Budgets(in_flight=1, per_minute=3, clock=clock)
    for _ in range(3):
        assert budgets.admit("a").admitted
        budgets.release("a")
    refusals = [budgets.admit("a") for _ in range(50)]
    assert all(not v.admitted and v.limit == "per_minute" for v in refusals)
    assert [v.tell for v in refusals].count(True) == 1 and refusals[0].tell
    clock.now += 60
    assert budgets.admit("a").admitted  # a new window
    assert budgets.admit("a").tell  # over in flight now, and told again: it is a new window


def test_idle_budgets_are_forgotten_and_memory_is_bounded():
    clock = Clock()
    budgets = Budgets(in_flight=2, per_minute=20, max_keys=100, clock=clock)
    for chat in range(50):
        budgets.admit(chat)
        budgets.release(chat)
    clock.now += 61
    budgets.admit("late")
    assert len(budgets) == 1  # the 50 idle chats are gone
    for chat in range(1000):
        budgets.admit(chat)  # all still in flight: none idle
    assert len(budgets) == 100
    budgets.release(0)  # evicted long ago: giving back is harmless


def test_pseudonym_is_stable_keyed_and_hides_the_id():
    a = pseudonym(987654321, b"salt")
    assert a == pseudonym(987654321, b"salt") and len(a) == 16
    assert a != pseudonym(987654321, b"other salt") and a != pseudonym(987654322, b"salt")
    assert "987654321" not in a


def test_budget_settings_have_defaults_and_refuse_nonsense():
    default = BotSettings.resolve(env={})
    assert (default.chat_in_flight, default.chat_per_minute, default.metrics_port) == (2, 20, None)
    chosen = BotSettings.resolve(env={"KHABAR_CHAT_INFLIGHT": "1", "KHABAR_CHAT_PER_MINUTE": "5",
                                      "KHABAR_METRICS_PORT": "9108"})
    assert (chosen.chat_in_flight, chosen.chat_per_minute, chosen.metrics_port) == (1, 5, 9108)
    for bad in ("0", "-1", "two", "1.5"):
        with pytest.raises(KhabarError, match="KHABAR_CHAT_PER_MINUTE must be a positive whole number"):
            BotSettings.resolve(env={"KHABAR_CHAT_PER_MINUTE": bad})
