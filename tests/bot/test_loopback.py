from bot.loopback.bench import ROOT


def test_the_bench_starts_the_bot_from_the_project_root():
    # The bench runs `python -m bot` there, so a relative --index (the default data/index) means what it says.
    assert (ROOT / "bot" / "__main__.py").is_file() and (ROOT / "index" / "__main__.py").is_file()
