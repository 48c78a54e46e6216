"""A small class against a real `streamlit run`: five students and one hostile uploader.

The full class (N = 1, 10, 30, with latency figures) is ``make loadtest``;
this keeps its guarantees in ``make test``: nobody sees an error or another
student's data, the server survives the hostile corpus, and its memory stays
within what Community Cloud gives. Latency is measured there, never asserted.
"""

import pytest

from tests.data.hostile import generate
from tests.load import loadtest

# The instance's memory on Streamlit Community Cloud (its floor), in MB.
COMMUNITY_CLOUD_MB = 690


@pytest.fixture(scope="module")
def report():
    # Long enough for the uploader to send every file of the corpus.
    return loadtest.run(5, upload_seconds=600)


@pytest.mark.slow
@pytest.mark.browser
def test_every_student_acts_without_an_error_while_hostile_files_arrive(report):
    """Check that five students' every action ran, with no error box and no traceback."""
    assert report.server_alive
    assert report.errors == []
    assert report.actions == 5 * loadtest.ACTIONS


@pytest.mark.slow
@pytest.mark.browser
def test_no_student_sees_another_students_data(report):
    """Check each student's molecule count is their dataset's, and nobody sees the marker."""
    assert report.leaks == []


@pytest.mark.slow
@pytest.mark.browser
def test_the_whole_hostile_corpus_was_read_or_refused(report):
    """Check that the uploader got a report or a message for every file, marker first."""
    assert report.uploads == [f"{loadtest.MARKER}.smi", *generate.small_files()]


@pytest.mark.slow
@pytest.mark.browser
def test_the_server_stays_within_community_clouds_memory(report):
    """Check the server's peak resident memory, and its workers' too (PSS, as billed)."""
    assert report.peak_server_rss_mb <= COMMUNITY_CLOUD_MB
    assert report.peak_tree_pss_mb <= COMMUNITY_CLOUD_MB
