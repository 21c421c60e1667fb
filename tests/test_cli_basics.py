import subprocess
import sys

from tearsheet.cli import main


def test_unknown_format_is_one_line_error(capsys, examples):
    code = main(["extract", str(examples / "bike-style-book" / "page.html"), "--format", "xml"])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("tearsheet: error:") and err.count("\n") == 1


def test_missing_file_is_one_line_error(capsys, tmp_path):
    code = main(["extract", str(tmp_path / "nope.html")])
    err = capsys.readouterr().err
    assert code != 0 and err.startswith("tearsheet: error:") and "Traceback" not in err


def test_empty_stdin_is_one_line_error():
    proc = subprocess.run([sys.executable, "-m", "tearsheet", "extract", "-"], input=b"",
                          capture_output=True, timeout=60)
    assert proc.returncode != 0
    assert proc.stderr.decode().strip() == "tearsheet: error: the input is empty"


def test_binary_file_is_one_line_error(capsys, tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(bytes(range(256)) * 10)
    code = main(["extract", str(path)])
    err = capsys.readouterr().err
    assert code != 0 and err.startswith("tearsheet: error:") and "binary" in err


def test_extract_page_prints_markdown(capsys, examples):
    code = main(["extract", str(examples / "bike-style-book" / "page.html")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# ")
