from index.search.places import countries


def test_one_country_in_every_script():
    usa = countries("Who is the president of the USA?")
    assert len(usa) == 1
    assert countries("अमेरिका के राष्ट्रपति कौन हैं?") == usa == countries("america ka rashtrapati kaun hai?")
    assert countries("What did the United States say?") == usa


def test_longest_name_wins_and_plain_words_are_not_countries():
    south, north = countries("South Korea"), countries("उत्तर कोरिया")
    assert len(south) == len(north) == 1 and south != north
    assert countries("रूस और उत्तर कोरिया के रिश्ते") == countries("Russia") | north
    assert countries("Tell us about the chin and English grammar") == set()
