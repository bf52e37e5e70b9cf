"""The data dictionary (format `data-dictionary`): every column of every CSV file and workbook sheet this workshop
exports, with its type and meaning, as a CSV a researcher keeps beside the data.

Pure: no I/O, no UI. The columns are read from the files as they are written for this workshop (group, idea and
question columns vary with it) and each is matched with its meaning below; a column without one is listed with an
empty meaning, which the tests refuse, so a new column cannot ship undocumented.
"""
from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from exports.registry import ExportInput, write
from exports.spreadsheet_text import csv_text

TABLES = ('csv', 'matrix-csv', 'comments-csv')  # the CSV formats; the workbooks' sheets come first
WORKBOOKS = ('xlsx', 'research-xlsx')
ANY = r'.+'
# file or sheet → (column pattern, type, meaning), first match wins
MEANINGS: dict[str, list[tuple[str, str, str]]] = {
    'Summary': [('Item', 'text', 'What the row is about: provenance of the workshop and of this file.'),
                ('Value', 'text', 'Its value.')],
    'Participants': [('Group', 'text', 'Stakeholder group (or reporting group).'),
                     ('Participants', 'number', 'People in the group who took part and did not withdraw.')],
    'Rounds': [('Round', 'number', 'Voting round number.'), ('Method', 'text', 'How people voted in the round.'),
               ('Voters', 'number', 'People whose ballot counted in the round.'),
               ('Passed on the whole round', 'number', 'People who passed on the whole round.'),
               ('Score', 'text', 'What the score of an idea is in this round.'),
               (r"Agreement \(Kendall's W\)", 'number', 'Agreement between everyone\'s orders, 0 (none) to 1 (all '
                                                        'alike); ranking rounds only.'),
               (r"Kendall's W: .+", 'number', 'The same for one group; empty when the group is not shown.')],
    'Ranked improvements': [
        ('Round', 'number', 'Voting round number; the ranked round comes first.'),
        ('Method', 'text', 'How people voted in the round.'),
        ('Rank', 'number', 'Place in the pooled ranking; equal scores share a rank.'),
        ('Tied', 'yes/no', 'Whether the rank is shared.'),
        ('Improvement ID', 'text', 'Identifier of the idea.'), ('Improvement', 'text', 'Title of the idea.'),
        ('Score', 'number', 'Pooled score: dots, Borda points or mean rating; higher is a higher priority.'),
        ('Voters', 'number', 'People who gave the idea something.'), ('Passes', 'number', 'People who passed on it.'),
        ('Balanced rank', 'number', 'Place when every group weighs the same.'),
        ('Balanced score', 'number', 'Group-balanced points.'),
        ('Consensus', 'text', 'in, out or no consensus (see the Method sheet).'),
        ('Stability', 'number', 'Share of bootstrap resamples (0 to 1) in which the idea stays in the top.'),
        ('Stability: top', 'number', 'The top that stability counts (k).'),
        (r'.+ mean', 'number', 'Mean rating on that question.'), (r'.+ median', 'number', 'Median rating.'),
        (r'.+ agreement', 'number', 'Share of ratings in the top third of the scale.'),
        ('Quadrant', 'text', 'Quick win, major project, fill-in or thankless task (two rating questions).'),
        (r'.+ rank', 'number', 'That group\'s own rank; empty when suppressed.'),
        (r'.+ score', 'number', 'That group\'s own score; empty when suppressed.'),
        (r'.+ suppressed', 'yes/no', 'Whether that group\'s figures are suppressed (the header note says why).')],
    'Ranking chart': [('Rank', 'number', 'Place in the pooled ranking of the ranked round; equal scores share it.'),
                      ('Tied', 'yes/no', 'Whether the rank is shared.'), ('Improvement', 'text', 'Title of the idea.'),
                      (ANY, 'number', 'The score the chart beside the table draws (the header names it).')],
    'Votes': [('Round', 'number', 'Voting round number.'), ('Participant', 'text', 'Pseudonym (P01, P02, …).'),
              ('Group', 'text', 'The person\'s group, or "not shown (small group)".'),
              ('Breakout', 'text', 'Workshops that ran breakouts: the breakout the ballot was cast in, "not shown '
                                   '(small group)" where naming it could single someone out, or empty.'),
              ('Improvement ID', 'text', 'Identifier of the idea.'), ('Improvement', 'text', 'Title of the idea.'),
              ('Dots', 'number', 'Dots the person finally gave the idea.'),
              ('Place in ranking', 'number', 'Place the person gave the idea (1 = first).'),
              (r'Rating: .+', 'number', 'Rating the person gave on that question.'),
              ('Passed', 'text', 'Whether the person passed on the idea or the whole round.')],
    'Matrix': [('Round', 'number', 'Voting round number.'), ('Participant', 'text', 'Pseudonym.'),
               ('Group', 'text', 'The person\'s group, or "not shown (small group)".'),
               (ANY, 'number or "pass"', 'One idea (and question): the dots, place or rating this person gave it.')],
    'Audit': [(r'At( \(.+\))?', 'date and time', 'When the vote event was recorded (time zone in brackets).'),
              ('Round', 'number', 'Voting round number.'), ('Participant', 'text', 'Pseudonym.'),
              ('Group', 'text', 'The person\'s group, or "not shown (small group)".'),
              ('Kind', 'text', 'dots, rating, ranking, pass or pass removed.'),
              ('Improvement ID', 'text', 'Identifier of the idea.'), ('Improvement', 'text', 'Title of the idea.'),
              ('Question', 'text', 'Rating question, for ratings.'),
              ('Value', 'number or text', 'The value given (explained on the column\'s header).')],
    'Comments': [(r'At( \(.+\))?', 'date and time', 'When the comment was written.'),
                 ('Participant', 'text', 'Pseudonym; with the name only when the lead and the person allowed it.'),
                 ('Group', 'text', 'The person\'s group, or "not shown (small group)".'),
                 ('On', 'text', 'What the comment is on: a stage, theme or idea.'),
                 ('Kind', 'text', 'agree, disagree, clarify or idea.'), ('Comment', 'text', 'The comment.')],
    'Journey map': [('Stage', 'text', 'Stage, numbered in journey order.'),
                    (ANY, 'text', 'The themes of that stakeholder stream at the stage, one a line.')],
    'Quotes': [('Theme', 'text', 'Theme the quote belongs to.'), ('Stream', 'text', 'Stakeholder stream.'),
               ('Quote', 'text', 'The quote.'), ('Paraphrase', 'yes/no', 'Whether it is a paraphrase.')],
    'Decisions & actions': [
        ('Improvement ID', 'text', 'Identifier of the idea.'), ('Improvement', 'text', 'Title of the idea.'),
        ('Status', 'text', 'Where the idea stands.'), ('Decision', 'text', 'Adopt, Defer or Reject.'),
        ('Rationale', 'text', 'Why.'), ('Minority view', 'text', 'A view that differed.'),
        (r'Decided at( \(.+\))?', 'date and time', 'When the decision was recorded.'),
        ('Action', 'text', 'An action agreed.'), ('Owner', 'text', 'Who owns it.'), ('Due', 'date', 'Due date.'),
        ('Action status', 'text', 'todo, doing or done.')],
    'Shortlists': [('From round', 'number', 'The round the shortlist was taken from ("earlier events" if none).'),
                   ('To round', 'number', 'The round that votes on the shortlist.'),
                   ('How the shortlist was chosen', 'text', 'The rule: top n pooled or group-balanced, or picked.'),
                   ('Ideas kept', 'text', 'Titles of the ideas kept, in order, separated by "; ".'),
                   ('Reason', 'text', 'Why the lead chose this shortlist.'),
                   (r'Chosen at( \(.+\))?', 'date and time', 'When the shortlist was made.')],
    'Consent log': [(r'At( \(.+\))?', 'date and time', 'When.'), ('Participant', 'text', 'Pseudonym.'),
                    ('Name', 'text', 'Name, only when the lead included names.'),
                    ('Event', 'text', 'joined, consent given or withdrew.'), ('Detail', 'text', 'Consent details.')],
    'Method': [('How the figures were computed', 'text', 'One rule per row.')],
    'csv': [('rank', 'number', 'Place in the pooled ranking.'), ('tied', 'yes/no', 'Whether the rank is shared.'),
            ('improvement_id', 'text', 'Identifier of the idea.'), ('title', 'text', 'Title of the idea.'),
            ('score', 'number', 'Pooled score.'), ('voters', 'number', 'People who gave the idea something.'),
            ('passes', 'number', 'People who passed on it.'),
            ('balanced_rank', 'number', 'Group-balanced place.'), ('balanced_tied', 'yes/no', 'Shared?'),
            ('balanced_score', 'number', 'Group-balanced points.'), ('round', 'number', 'Round ranked.'),
            ('method', 'text', 'dots, rank or rating.'), ('consensus', 'text', 'in, out or none.'),
            ('stability', 'number', 'Share of resamples keeping the idea in the top.'),
            ('stability_top', 'number', 'The top that stability counts.'),
            (r'mean_.+', 'number', 'Mean rating on that question.'), (r'median_.+', 'number', 'Median rating.'),
            (r'agreement_.+', 'number', 'Share of ratings in the top third.'),
            ('quadrant', 'text', 'Quadrant of the first two rating questions.'),
            (r'score_.+', 'number', 'That group\'s own score; empty when suppressed.')],
    'matrix-csv': [('round', 'number', 'Round.'), ('participant', 'text', 'Pseudonym.'),
                   ('group', 'text', 'The person\'s group where shown.'),
                   (ANY, 'number or "pass"', 'One idea id (and :question): dots, place or rating given.')],
    'comments-csv': [('at', 'date and time', 'When the comment was written (UTC).'),
                     ('pseudonym', 'text', 'Pseudonym, never a name.'),
                     ('group', 'text', 'The writer\'s group, or "not shown (small group)".'),
                     ('stage_numbers', 'numbers', 'Journey stages the comment is about, ";" between.'),
                     ('stages', 'text', 'Their titles.'), ('theme', 'text', 'Theme commented on.'),
                     ('idea', 'text', 'Idea commented on.'), ('on', 'text', 'What the comment is on.'),
                     ('kind', 'text', 'agree, disagree, clarify or idea.'),
                     ('consent_to_quote', 'text', 'named or anonymous.'), ('comment', 'text', 'The comment.')],
}


def write_dictionary(data: ExportInput) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow(['file', 'sheet', 'column', 'type', 'meaning'])
    for file, sheet, column in columns(data):
        kind, meaning = describe(sheet or file, column)
        writer.writerow([file, sheet, csv_text(column), kind, meaning])  # a column may be an idea's title
    return ('\ufeff' + out.getvalue()).encode('utf-8')


def columns(data: ExportInput) -> list[tuple[str, str, str]]:
    """(file, sheet, column) for every column this workshop's CSV files and workbook hold."""
    found = []
    for name in WORKBOOKS:
        book = load_workbook(io.BytesIO(write(name, data)), read_only=True)
        for sheet in book.worksheets:
            header = next(sheet.iter_rows(max_row=1, values_only=True), ())
            found += [(name, sheet.title, str(c)) for c in header if c is not None]
        book.close()
    for name in TABLES:
        header = next(csv.reader(io.StringIO(write(name, data).decode('utf-8-sig'))))
        found += [(name, '', c) for c in header]
    return found


def describe(table: str, column: str) -> tuple[str, str]:
    for pattern, kind, meaning in MEANINGS.get(table, []):
        if re.fullmatch(pattern, column):
            return kind, meaning
    return '', ''
