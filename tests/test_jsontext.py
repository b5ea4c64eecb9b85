"""Long JSON lists in pieces (``export.jsontext``): a list written in two parts is the
list written at once, and a long list's second half is encoded in a forked child."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lcii_graph import processes
from lcii_graph.export import jsontext

PARENT = os.getpid()

VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=4), inner, max_size=4), max_leaves=20)
#: Rows as the commands write them (dicts of scalars, the C encoder's path) and others.
ROWS = st.lists(st.dictionaries(st.text(max_size=4), st.none() | st.floats(allow_nan=False)
                                | st.text(), min_size=1, max_size=4) | VALUES,
                min_size=2, max_size=12)

two_processors = pytest.mark.skipif(not processes.second_processor(),
                                    reason="one processor here: no child is started")


def dumped(rows, indent=2):
    return json.dumps(rows, ensure_ascii=False, indent=indent)


@settings(max_examples=300, deadline=None)
@given(ROWS, st.data(), st.integers(1, 3), st.integers(0, 2), st.integers(1, 3))
def test_a_list_in_two_parts_is_the_list_at_once(rows, data, batch, depth, indent):
    cut = data.draw(st.integers(1, len(rows) - 1))
    first = "".join(jsontext.json_list(rows[:cut], indent=indent, depth=depth, batch=batch,
                                       close=False))
    second = "".join(jsontext.json_list(rows[cut:], indent=indent, depth=depth,
                                        batch=batch, opened=True))
    whole = "".join(jsontext.json_list(rows, indent=indent, depth=depth, batch=batch))
    assert first + second == whole
    if depth == 0:
        assert whole == dumped(rows, indent)


@pytest.fixture
def encoded_here(monkeypatch):
    """``(len(rows), opened, close)`` of every list this process (the test's) encodes:
    what a child encodes is not seen here."""
    calls = []
    original = jsontext.json_list

    def recording(rows, **settings):
        if os.getpid() == PARENT:
            calls.append((len(rows), settings.get("opened", False),
                          settings.get("close", True)))
        return original(rows, **settings)

    monkeypatch.setattr(jsontext, "json_list", recording)
    monkeypatch.delenv("LCII_PROCESSES", raising=False)
    return calls


ROWS_OF_TEN = [{"id": f"o{k}", "name": "Café " * k, "score": k / 3, "cut": k % 2 == 0}
               for k in range(10)]


@two_processors
def test_the_second_half_is_encoded_by_a_child(encoded_here):
    text = "".join(jsontext.json_list_halves(ROWS_OF_TEN, indent=2, split=10))
    assert text == dumped(ROWS_OF_TEN)
    assert encoded_here == [(5, False, False)]  # the first half only, left open


@two_processors
def test_two_rows_are_two_halves(encoded_here):
    rows = ROWS_OF_TEN[:2]
    assert "".join(jsontext.json_list_halves(rows, indent=2, split=1)) == dumped(rows)
    assert encoded_here == [(1, False, False)]


@two_processors
def test_a_list_shorter_than_the_split_is_encoded_here_at_once(encoded_here):
    text = "".join(jsontext.json_list_halves(ROWS_OF_TEN, indent=2, split=11))
    assert text == dumped(ROWS_OF_TEN)
    assert encoded_here == [(10, False, True)]


def test_one_process_when_asked(encoded_here, monkeypatch):
    monkeypatch.setenv("LCII_PROCESSES", "1")
    text = "".join(jsontext.json_list_halves(ROWS_OF_TEN, indent=2, split=2))
    assert text == dumped(ROWS_OF_TEN)
    assert encoded_here == [(10, False, True)]


@two_processors
def test_a_child_that_dies_leaves_its_half_to_this_process(encoded_here, monkeypatch):
    original = jsontext.json_list

    def dying(rows, **settings):
        if os.getpid() != PARENT:
            os.kill(os.getpid(), 9)
        return original(rows, **settings)

    monkeypatch.setattr(jsontext, "json_list", dying)
    text = "".join(jsontext.json_list_halves(ROWS_OF_TEN, indent=2, split=2))
    assert text == dumped(ROWS_OF_TEN)


@two_processors
def test_the_child_goes_when_the_reader_does(monkeypatch):
    """A reader that stops early (``| head``, an interrupt) closes the pieces: the child
    is ended and waited for, never left behind."""
    monkeypatch.delenv("LCII_PROCESSES", raising=False)
    started = []
    original = processes.start

    def recording(work, **kwargs):
        child = original(work, **kwargs)
        started.append(child)
        return child

    monkeypatch.setattr(processes, "start", recording)
    rows = [{"k": k} for k in range(10)]
    pieces = jsontext.json_list_halves(rows, indent=2, batch=1, split=2)
    assert next(pieces) == '[\n  {\n    "k": 0\n  }'
    pieces.close()
    (pid, _), = started
    with pytest.raises(ChildProcessError):  # waited for already
        os.waitpid(pid, os.WNOHANG)


@two_processors
def test_text_cut_in_megabytes_between_the_bytes_of_a_character(monkeypatch):
    """The child's half comes back as UTF-8 and is given out a megabyte at a time: a
    character of four bytes cut by the first megabyte's end is whole in the text."""
    monkeypatch.delenv("LCII_PROCESSES", raising=False)
    before = len(',\n  {\n    "text": "')  # the child's text up to the long one's
    long = "a" * (2**20 - before - 1) + "𝄞" + "a" * 100_000  # over 2**20 characters
    rows = [{"text": "é" * 700_001}, {"text": "東" * 3}, {"text": long}, {"text": "é"}]
    second = "".join(jsontext.json_list(rows[2:], indent=2, opened=True)).encode()
    assert second[2**20] & 0xC0 == 0x80  # the megabyte ends inside a character
    pieces = list(jsontext.json_list_halves(rows, indent=2, batch=1, split=2))
    assert "".join(pieces) == dumped(rows)
    assert max(map(len, pieces)) <= 2**20  # the child's half too, in pieces
