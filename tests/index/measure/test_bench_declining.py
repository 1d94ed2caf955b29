import json
import subprocess
import sys
from pathlib import Path

from index.measure.bench_declining import held_out_files, make_synthetic_archive, question_sets, run_declining_bench
from index.measure.evaluate import read_squad
from index.text import normalise
from tests.conftest import data_file

ROOT = Path(__file__).resolve().parents[3]


def test_synthetic_archive_is_made_of_the_dev_paragraphs(tmp_path):
    squad = data_file("xquad.hi.dev.json")
    make_synthetic_archive(squad, tmp_path / "a", shuffled=6, mixed=2)
    make_synthetic_archive(squad, tmp_path / "b", shuffled=6, mixed=2)
    files = sorted((tmp_path / "a").glob("*.txt"))
    assert [f.name for f in files] == sorted(f.name for f in (tmp_path / "b").glob("*.txt"))  # reproducible
    assert len(files) == 8 and all(f.read_text() == (tmp_path / "b" / f.name).read_text() for f in files)
    paragraphs = {normalise(p.replace("\n", " ")) for _, ps in read_squad(squad)[0] for p in ps}
    shuffled = (tmp_path / "a" / "p0000.txt").read_text(encoding="utf-8").split("---\n", 2)[2].strip().split("\n\n")
    assert len(shuffled) == 5 and set(shuffled) <= paragraphs


def test_every_corpus_is_asked_its_questions(tmp_path, fake_embedder):
    lines = []
    results = run_declining_bench(
        data_file("xquad.hi.dev.json"), fake_embedder, ROOT / "corpus", ROOT / "tests/index/seed_questions.json",
        ROOT / "tests/index/off_topic_questions.json", [data_file("xquad.hi-latn.dev.json")], tmp_path,
        archive=(8, 2), out=lines.append, held_out=(ROOT / "tests/index/held_out_off_topic_questions.json",
                                                    ROOT / "tests/index/held_out_off_topic_questions_2.json"))
    assert {corpus for corpus, _, _ in results} == {"seed", "dev", "archive"}
    assert results[("archive", "held-out", "hi-latn")][0] and results[("archive", "held-out", "hi-latn")][2] == 20
    assert results[("seed", "held-out 2", "en")][0] and results[("archive", "held-out 2", "hi-latn")][2] == 25
    assert results[("dev", "dev hi", "hi")][2] == 632 and results[("archive", "dev hi-latn", "hi-latn")][2] == 96
    assert results[("seed", "off-topic", "en")][0] and not results[("dev", "dev hi", "hi")][0]
    assert all(0 <= declined <= asked and 0 <= tentative <= asked - declined
               for _, declined, asked, tentative in results.values())
    assert any(line.startswith("archive  off-topic") for line in lines)


def test_held_out_sets_are_named_after_their_files_number_not_where_they_sort():
    held = ROOT / "tests/index"
    files = held_out_files(held)
    assert files[1].name == "held_out_off_topic_questions_10.json"  # what sorting alone would call "held-out 2"
    sets = question_sets(data_file("xquad.hi.dev.json"), [], ROOT / "tests/index/seed_questions.json",
                         ROOT / "tests/index/off_topic_questions.json", files)
    held_out = [name for name in sets if name.startswith("held-out")]
    assert held_out == ["held-out"] + [f"held-out {n}" for n in range(2, len(files) + 1)]
    for name, number in (("held-out 2", "_2"), ("held-out 10", "_10")):
        path = held / f"held_out_off_topic_questions{number}.json"
        assert sets[name].questions == [(q["lang"], q["question"]) for q in json.loads(path.read_text())["questions"]]


def test_cli_outside_the_repository_says_what_is_missing(tmp_path):
    result = subprocess.run([sys.executable, "-m", "index", "bench", "--declining", str(data_file("xquad.hi.dev.json")),
                             "--workdir", str(tmp_path / "w")], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "KHABAR_EMBEDDER": "fake"})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "repository's root" in result.stderr
