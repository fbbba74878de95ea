"""Pages go out gzip-compressed to browsers that ask, with a random-length header field
(Django's BREACH mitigation), and unchanged to those that do not."""

import gzip


def test_the_questions_page_is_compressed_for_a_browser_that_asks(client, survey):
    url = f"/s/{survey.token}/questions/"
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    squeezed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert squeezed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in squeezed["Vary"]
    html = gzip.decompress(squeezed.content).decode()
    assert html.count('type="radio"') == 35 * 6
    # Measured: about a tenth (8.6 KB from 84 KB); a fifth leaves room for growing pages.
    assert len(squeezed.content) < len(html.encode()) / 5
    assert int(squeezed["Content-Length"]) == len(squeezed.content)


def test_each_response_hides_its_length_behind_a_random_length_header_field(client, survey):
    url = f"/s/{survey.token}/questions/"
    name_lengths = set()
    for _ in range(5):
        body = client.get(url, headers={"Accept-Encoding": "gzip"}).content
        assert body[3] & gzip.FNAME  # the gzip header carries a file name ...
        name_lengths.add(body.index(b"\x00", 10) - 10)  # ... of random length
    assert len(name_lengths) > 1
