"""Codebooks from qualitative-analysis software become themes, after a preview."""
import io

import pytest
from openpyxl import Workbook

from exports.codebook import add_themes, read_codebook
from workshop.content import ContentError
from workshop.domain.model import Category

NVIVO_CSV = '\n'.join([  # NVivo: Name, Description and a Hierarchical Name path
    'Name,Description,Hierarchical Name,Files,References',
    'Sociocultural factors,Global theme 1,Codes\\Sociocultural factors,5,40',
    'Whānau as navigators,"Support persons coordinate care, travel & money",'
    'Codes\\Sociocultural factors\\Whānau as navigators,4,12',
    'Fundraising for treatment,Self-funding overseas,Codes\\Sociocultural factors\\Fundraising for treatment,2,5',
    'Financial barriers,Already in the map,Codes\\Sociocultural factors\\Financial barriers,3,9',
]) + '\n'


def test_an_nvivo_csv_codebook_previews_leaf_codes_as_themes_under_their_parent(car_t):
    preview = read_codebook(NVIVO_CSV.encode('utf-8-sig'), 'codebook.csv', car_t)
    assert [(t.id, t.title, t.global_theme) for t in preview.themes] == [
        ('whanau_as_navigators', 'Whānau as navigators', 'Sociocultural factors'),
        ('fundraising_for_treatment', 'Fundraising for treatment', 'Sociocultural factors')]
    assert preview.themes[0].description == 'Support persons coordinate care, travel & money'
    assert preview.parents == ['Codes', 'Sociocultural factors']
    assert preview.skipped == ["row 5: 'Financial barriers' is already a theme"]
    assert preview.columns == {'name': 'Name', 'description': 'Description', 'path': 'Hierarchical Name'}
    assert len(car_t.themes) == 16  # a preview adds nothing


def test_confirming_the_preview_adds_the_themes(car_t):
    preview = read_codebook(NVIVO_CSV.encode(), 'codebook.csv', car_t)
    added = add_themes(car_t, preview)
    assert len(added.themes) == 18 and added.theme('whanau_as_navigators').stages == []
    assert len(car_t.themes) == 16


def test_an_atlas_ti_style_xlsx_with_code_groups_and_categories(car_t):
    book = Workbook()
    sheet = book.active
    for row in [('Code', 'Comment', 'Code Groups', 'Category'),
                ('Karakia before infusion', 'Prayer with kaumātua', 'Ceremony', 'cultural'),
                ('Feeling well but stuck in hospital', None, 'Emotions', 'Emotional'),
                (None, None, None, None)]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    preview = read_codebook(out.getvalue(), 'export.xlsx', car_t)
    assert [(t.title, t.category, t.global_theme, t.description) for t in preview.themes] == [
        ('Karakia before infusion', Category.CULTURAL, 'Ceremony', 'Prayer with kaumātua'),
        ('Feeling well but stuck in hospital', Category.EMOTIONAL, 'Emotions', '')]


def test_a_maxqda_path_with_arrows_and_semicolons(car_t):
    raw = 'Code System;Memo\nAccess > Travel > Parking costs;Paying to park\n'.encode('cp1252')
    preview = read_codebook(raw, 'maxqda.csv', car_t)
    assert [(t.title, t.global_theme, t.description) for t in preview.themes] == [
        ('Parking costs', 'Travel', 'Paying to park')]


@pytest.mark.parametrize('raw, message', [
    (b'', 'the file is empty'),
    (b'Files,References\n3,4\n', 'row 1: no column with the theme name'),
    (b'Name,Category\nA,spiritual\n', "row 2, column Category: expected practical, emotional or cultural"),
    (b'Name,Description\n,orphan memo\n', 'row 2: the theme name is empty'),
])
def test_codebook_mistakes_are_named(car_t, raw, message):
    with pytest.raises(ContentError) as caught:
        read_codebook(raw, 'codebook.csv', car_t)
    assert any(message in p for p in caught.value.problems), caught.value.problems
