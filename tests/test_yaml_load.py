"""Templates and the string catalogue are read with libyaml's C parser, safely, with the place of a mistake."""
import pytest
import yaml

from workshop import yaml_load
from workshop.content import ContentError, workshop_from_yaml


def test_the_c_parser_is_used_where_pyyaml_has_it():
    assert yaml.__with_libyaml__, 'PyYAML without libyaml: templates and the catalogue load eight times slower'
    assert yaml_load.SafeLoader is yaml.CSafeLoader


def test_only_plain_data_is_built():
    with pytest.raises(yaml.YAMLError, match='python/object'):
        yaml_load.safe_load('!!python/object/apply:os.system ["echo owned"]')
    assert yaml_load.safe_load('a: [1, 2.5, yes, null]') == {'a': [1, 2.5, True, None]}


def test_a_mistake_is_reported_with_its_line_and_column():
    with pytest.raises(ContentError) as error:
        workshop_from_yaml(b'title: A\nstages:\n  - id: one\n   title: [unclosed\n', 'broken.yaml')
    assert error.value.problems == ["line 4, column 4: this is not valid YAML (did not find expected '-' indicator)"]


def test_templates_are_parsed_in_c_and_still_limited():
    from yaml._yaml import CParser

    from workshop.content import _BoundedLoader
    assert issubclass(_BoundedLoader, CParser)
    with pytest.raises(ContentError, match='nested too deeply'):
        workshop_from_yaml(b'title: ' + b'[' * 200 + b']' * 200 + b'\n', 'deep.yaml')
