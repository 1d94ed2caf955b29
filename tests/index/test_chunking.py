import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.build import build_index
from index.chunking import ChunkingParams, pack, split_document
from index.corpus import parse_document
from index.store import open_index


@given(st.lists(st.integers(1, 200), max_size=40), st.integers(20, 400), st.integers(0, 3))
def test_pack_covers_every_sentence_in_order_within_budget(sizes, budget, overlap):
    params = ChunkingParams(max_tokens=budget, overlap_sentences=overlap)
    windows = pack(sizes, params)
    covered = set()
    for (lo, hi), nxt in zip(windows, windows[1:] + [None]):
        assert lo < hi
        assert hi - lo == 1 or sum(sizes[lo:hi]) <= budget  # only a lone sentence may exceed the budget
        covered.update(range(lo, hi))
        if nxt is not None:
            assert lo < nxt[0] <= hi  # progress, and no gap
            assert hi - nxt[0] <= overlap
    assert covered == set(range(len(sizes)))


def test_pack_overlaps_neighbouring_chunks_by_one_sentence():
    assert pack([10] * 5, ChunkingParams(max_tokens=30, overlap_sentences=1)) == [(0, 3), (2, 5)]


def test_chunks_stay_inside_their_paragraph_and_keep_offsets():
    text = "पहला वाक्य है। दूसरा वाक्य है। तीसरा वाक्य है।\n\nनया पैराग्राफ। उसका दूसरा वाक्य।"
    document = parse_document("a.txt", text)
    sentences, chunks = split_document(0, document, 0, lambda s: len(s.split()), ChunkingParams(6, 1))
    assert len(sentences) == 5
    for chunk in chunks:
        body = document.text[chunk.start:chunk.end]
        assert "\n" not in body
        assert body.startswith(document.text[sentences[chunk.first_sentence].start:sentences[chunk.first_sentence].end])
        assert {sentences[i].paragraph for i in range(chunk.first_sentence, chunk.last_sentence + 1)} == {chunk.paragraph}
    assert {c.paragraph for c in chunks} == {0, 1}


def test_a_heading_line_leads_into_the_next_paragraph_instead_of_standing_alone():
    text = "पुतिन और किम की मुलाकात\n\nबैठक बीजिंग में हुई। दोनों नेताओं ने चर्चा की।\n\nअंतिम पैराग्राफ।"
    document = parse_document("a.txt", text)
    sentences, chunks = split_document(0, document, 0, lambda s: len(s.split()), ChunkingParams(50, 1, 8))
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]
    bodies = [document.text[c.start:c.end] for c in chunks]
    assert bodies == ["पुतिन और किम की मुलाकात\n\nबैठक बीजिंग में हुई। दोनों नेताओं ने चर्चा की।", "अंतिम पैराग्राफ।"]
    assert (chunks[0].first_sentence, chunks[0].last_sentence, chunks[0].paragraph) == (0, 2, 0)


@pytest.mark.parametrize("title_context, sentences_a_chunk", [(True, 2), (False, 4)])
def test_a_chunk_and_the_title_it_is_embedded_after_fit_the_model_together(title_context, sentences_a_chunk):
    # Five words of title and its line leave 14 - 6 = 8 of the model's 14 for the chunk: two sentences.
    document = parse_document("a.txt", "---\ntitle: एक बहुत लंबी खबर शीर्षक\n---\n" + "यह वाक्य है। " * 8)
    params = ChunkingParams(max_tokens=12, overlap_sentences=0, title_context=title_context, input_tokens=14)
    _, chunks = split_document(0, document, 0, lambda s: len(s.split()), params)
    assert [c.last_sentence - c.first_sentence + 1 for c in chunks] == [sentences_a_chunk] * (8 // sentences_a_chunk)


@pytest.mark.parametrize("title_context", [True, False])
def test_every_chunk_is_embedded_after_its_article_title(tmp_path, fake_embedder, title_context):
    # The first chunk holds the headline and the lede and matched any question on the story; with the
    # title in front of every chunk, each paragraph carries its story and the details decide.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    title = "भोपाल में मूसलाधार बारिश"
    later = "भदभदा बांध के चार गेट खोले गए और निचली बस्तियों को खाली कराया गया।"
    (corpus / "rain.txt").write_text(f"---\ntitle: {title}\n---\n{title}\n\nभोपाल, 27 जुलाई। तेज बारिश हुई।\n\n{later}\n",
                                     encoding="utf-8")
    build_index(corpus, tmp_path / "index", fake_embedder, ChunkingParams(title_context=title_context))
    titled = fake_embedder.embed_passages([f"{title}\n{later}"])
    found = open_index(tmp_path / "index").candidates(titled, [], 8)
    best = float((found.chunk_vectors @ titled.T).max())
    assert (best > 0.999) == title_context


def test_a_chunk_opening_with_the_headline_is_not_given_the_title_too(tmp_path, fake_embedder):
    # The page's title is the headline with the outlet's name: the first chunk already opens with it.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    headline, lede = "भोपाल में मूसलाधार बारिश", "भोपाल, 27 जुलाई। तेज बारिश हुई।"
    later = "भदभदा बांध के चार गेट खोले गए और निचली बस्तियों को खाली कराया गया।"
    (corpus / "rain.txt").write_text(f"---\ntitle: {headline} | खबर टाइम्स\n---\n{headline}\n\n{lede}\n\n{later}\n",
                                     encoding="utf-8")
    build_index(corpus, tmp_path / "index", fake_embedder)
    expected = fake_embedder.embed_passages([f"{headline}\n\n{lede}", f"{headline} | खबर टाइम्स\n{later}"])
    stored = open_index(tmp_path / "index").candidates(expected, [], 8).chunk_vectors
    assert ((stored @ expected.T).max(axis=0) > 0.999).all()
