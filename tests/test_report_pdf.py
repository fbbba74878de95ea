"""report.pdf, area and programme, is a handout: read back as text, it holds every figure
the page shows for the matrix, the domains, best and worst statements and the programme
comparison (no column is cut off), numbered "Page N of M" with a running header."""

import io
import re

import pytest
from pypdf import PdfReader

from scoring.findings import key_findings
from scoring.models import SurveySnapshot
from scoring.reader import summary_read
from scoring.report import statement_rows
from scoring.services import programme_results_publish


def pdf_text(response) -> tuple[str, list[str]]:
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    # One space between words; a line broken after "Integrity/" joins up again.
    return re.sub(r"/ ", "/", " ".join(" ".join(pages).split())), pages


@pytest.fixture
def published(closed_area):
    programme_results_publish(programme=closed_area.area.programme)
    return closed_area


def test_the_area_pdf_holds_every_figure_of_the_page(client, published, reviewer):
    published.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    base = f"/results/{published.area.programme.slug}/{published.area.slug}/"
    text, pages = pdf_text(client.get(base + "report.pdf"))
    summary = summary_read(SurveySnapshot.objects.get(survey=published, kind="latest").summary)
    two = "{:.2f}".format
    assert pages[0].count("Page 1 of") == 1 and f"Page {len(pages)} of {len(pages)}" in text
    assert "Stockport · latest results ·" in pages[-1]  # the running header, on every page
    assert "Key findings" in pages[0] and "Best relational value statements" in pages[0]
    for attribute, cells, mean in summary.matrix:  # every column of every row, in order
        row = " ".join([attribute.capitalize(), *(two(c.mean) for c in cells), two(mean)])
        assert row in text, row
    dimension_row = " ".join(["Dimension mean", *map(two, summary.dimensions.values())])
    assert dimension_row in text
    for domain, statement, mean in summary.proximity:
        assert f"{domain.capitalize()} {statement.text}" in text and two(mean) in text
    findings = key_findings(summary)
    for ranked in findings.best_value + findings.worst_value + findings.best_proximity:
        assert (
            f"“{ranked.statement.text}” ({ranked.statement.where}): {two(ranked.statement.mean)}"
            in text
        )
    # Stockport is the programme's only area: nothing to compare with (the PDF's tags against
    # the rest: tests/test_key_findings_against_the_rest.py).
    assert "No other area of the programme has results to compare with yet." in text
    rows = statement_rows(summary, None)
    starts = [text.index(row.statement.text + " " + row.statement.where) for row in rows]
    for row, start, end in zip(rows, starts, starts[1:] + [len(text)], strict=True):
        segment = text[start:end]
        s = row.statement
        expected = [two(s.mean), f"{two(s.ci_low)} to {two(s.ci_high)}", str(s.n),
                    f"{s.favourable:.0f}%"]  # fmt: skip
        at = 0
        for figure in expected:  # each in its column's order: none cut off
            at = segment.find(figure, at)
            assert at != -1, (s.code, figure, segment)
            at += len(figure)


def test_the_programme_pdf_has_its_own_url_and_every_area(client, published, lead):
    client.force_login(lead)
    programme = published.area.programme
    text, pages = pdf_text(client.get(f"/results/{programme.slug}/report.pdf"))
    assert "Page 1 of" in pages[0] and "Key findings" in pages[0]
    # Appendix 4: the area, sent to (as recorded: no contact invited here), responses,
    # comments, late.
    assert "Stockport 25* 12 3 0" in text
    summary = summary_read(
        SurveySnapshot.objects.get(survey=published, kind="latest").summary
    )  # the programme of one area has the area's means
    for attribute, cells, mean in summary.matrix:
        row = " ".join([attribute.capitalize(), *(f"{c.mean:.2f}" for c in cells), f"{mean:.2f}"])
        assert row in text, row
