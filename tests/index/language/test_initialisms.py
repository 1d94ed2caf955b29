from index.language.initialisms import LETTER_NAMES, letters, spelt


def test_an_initialism_is_spelt_by_its_letters_names_and_read_back():
    assert spelt("gst") == "जीएसटी" and spelt("TB") == "टीबी"
    assert letters("जीएसटी") == "GST" and letters("आईपीओ") == "IPO"
    every = "".join(LETTER_NAMES)
    assert all(letters(spelt(every[i:i + 6])) == every[i:i + 6].upper() for i in range(0, len(every), 6))


def test_other_spellings_of_a_name_are_read_too():
    assert letters("एफ़आईआर") == letters("एफआईआर") == "FIR" and letters("डबल्यूएचओ") == "WHO"


def test_words_that_are_not_initialisms():
    # a lone name is an everyday word (के, जी, पी); some words are made of names (बीवी: wife); most are not
    assert letters("के") is None and letters("जी") is None and letters("पी") is None
    assert letters("बीवी") is None and letters("सीटी") is None
    assert letters("बैठक") is None and letters("टीम") is None


def test_joiners_and_overlong_words_are_no_trouble():
    assert letters("पी\u200dएम") == "PM"
    assert letters("ए" * 2000) is None  # no initialism is that long, and reading it must not recurse that deep
