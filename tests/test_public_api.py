import tearsheet


def test_all_is_sorted_and_complete():
    assert tearsheet.__all__ == sorted(tearsheet.__all__)
    for name in tearsheet.__all__:
        assert hasattr(tearsheet, name), name


def test_every_error_is_a_tearsheet_error():
    for name in tearsheet.__all__:
        obj = getattr(tearsheet, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, tearsheet.TearsheetError)
