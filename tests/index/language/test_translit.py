from index.language.translit import Transliterator, initialism, to_devanagari


def test_a_romanized_word_is_read_as_the_corpus_word_it_sounds_like():
    assert Transliterator(["पुतिन", "खांसी"]).known_word("putin") == "पुतिन"


def test_a_word_the_corpus_lacks_is_read_as_a_common_hindi_word():
    # the corpus never says "cough" or "desert": Hindi's common words still read them,
    # so the reading is a word the corpus lacks, not a letter-by-letter guess
    t = Transliterator(["पुतिन"])
    assert t.known_word("khansi") == "खांसी" and t.known_word("registan") == "रेगिस्तान"
    assert t("khansi") != "खांसी"  # the reading searched with is unchanged


def test_no_hindi_word_sounds_like_it():
    t = Transliterator(["पुतिन"])
    assert t.known_word("xquozv") is None and t.known_word("2023") is None


def test_the_corpus_blind_reading_does_not_snap_onto_corpus_words():
    # an archive that speaks of fasts and of al-Biruni: read for search, "virat biryani" meets
    # them; read to judge whether the archive answers, it must not
    assert Transliterator(["व्रत", "बिरूनी"])("virat biryani") == "व्रत बिरूनी"
    assert to_devanagari("virat biryani kaise banate hain") == "विराट बिरयानी कैसे बनाते हैं"


def test_which_and_whose_are_read_as_question_words_not_as_corpus_words():
    # a sports archive speaks of bronze medals: "kaunsa" (which) must not become कांस्य
    t = Transliterator(["कांस्य", "पदक", "किस्से"])
    assert t("kaunsa padak") == "कौन पदक" and t("konsi") == t("kaunse") == "कौन"
    assert t("kiske") == t("kiska") == "किस"


def test_a_word_without_a_vowel_is_read_as_an_initialism_spelt_by_its_letters_names():
    # Hindi typed in Latin letters always has a vowel: "tb" is TB (टीबी), not the corpus's तब (then)
    t = Transliterator(["तब", "बीमारी"])
    assert t("tb ki bimari") == "टीबी की बीमारी" and t.known_word("gst") == "जीएसटी"
    assert to_devanagari("bp kaise kam kare").startswith("बीपी ")
    # chat spellings that drop every vowel are read as the words they stand for
    assert t("kb pr sb bht") == "कब पर सब बहुत" and initialism("kb") is None
    assert initialism("gym") is None and initialism("s") is None


def test_a_word_with_vowels_is_read_as_an_initialism_only_when_the_corpus_spells_it_so():
    t = Transliterator(["आईपीएल", "एएफसी", "अब", "एबी"])
    assert t("ipl afc") == "आईपीएल एएफसी"
    assert Transliterator(["इपल"]).initialism("ipl") is None
    assert Transliterator(["डबल्यूएचओ"]).initialism("who") == "डबल्यूएचओ"  # the corpus's spelling of a name
    # two letters with a vowel are Hindi words too: "ab" is अब (now), even beside AB de Villiers
    assert t.initialism("ab") is None and t("ab") == "अब"


def test_a_common_word_that_sounds_clearly_closer_is_the_evidence_not_the_corpus_word():
    # an archive full of numbers says सात (seven) somewhere; "sasta" is सस्ता (cheap)
    assert Transliterator(["सात"]).known_word("sasta") == "सस्ता"
    assert Transliterator(["मंत्री"]).known_word("mantri") == "मंत्री"  # about as close: the corpus's spelling
    assert Transliterator(["सात"])("sasta") == "सात"  # the reading searched with is unchanged


def test_a_corpus_word_that_only_shares_the_consonants_does_not_lend_its_support():
    # beside a passage on al-Biruni (बिरूनी), "biryani banane ka tarika" is about biryani
    assert Transliterator(["बिरूनी"]).known_word("biryani") == "बिरयानी"
    assert Transliterator(["बाइट"]).known_word("baithe") == "बैठे"  # sitting, not a byte
