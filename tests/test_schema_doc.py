"""Real output validates against the documented JSON schema."""

import json
from pathlib import Path

import jsonschema

import tearsheet
from tearsheet.schema import SCHEMA_VERSION

SCHEMA = json.loads((Path(__file__).parents[1] / "docs" / "article.schema.json").read_text())


def test_schema_version_matches_the_documented_one():
    assert SCHEMA["properties"]["schema_version"]["pattern"].startswith("^" + SCHEMA_VERSION.split(".")[0])


def test_extracted_page_validates(examples: Path):
    article = tearsheet.extract(examples / "hitler-birth-house" / "page.html")
    jsonschema.validate(article.to_dict(), SCHEMA)
