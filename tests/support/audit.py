"""The pages the accessibility audit visits (tests/test_a11y_browser.py), in its order: ACCESSIBILITY.md lists them as
tested, and tests/test_accessibility_statement.py keeps the two in step."""

AUDITED_PARTICIPANT = ('join: language', 'join: information and consent', 'join: group', 'join: name',
                       'participant: changing the group', 'participant: vote (open dots round)',
                       'participant: comments on an idea', 'participant: writing a comment', 'participant: journey map',
                       'participant: content note before a theme', 'presenter: welcome', 'presenter: vote',
                       'presenter: a stage in focus',
                       'participant: results', 'participant: results, every part unfolded', 'presenter: results')
AUDITED_STAFF = ('facilitator: console (voting open)', 'facilitator: console (results shown)',
                 'lead: ranked lists, decisions and downloads', 'editor: stages', 'editor: groups', 'editor: themes',
                 'editor: ideas', 'editor: editing an idea', 'editor: workbooks and codebooks', 'journey map page',
                 'home')
AUDITED = AUDITED_PARTICIPANT + AUDITED_STAFF
