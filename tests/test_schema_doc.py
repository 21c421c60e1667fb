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


def test_a_text_dumps_output_validates() -> None:
    dump = Path(__file__).parent / "fixtures" / "link_sets" / "wcxb-0428" / "print.txt"
    data = tearsheet.extract(dump).to_dict()
    assert any("page_breaks" in b for b in data["blocks"])
    assert any("listed" in u for u in data["unplaced_links"])
    jsonschema.validate(data, SCHEMA)
