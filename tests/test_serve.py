"""``claimlint serve``: the local paste page's server, over real loopback HTTP."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading

import pytest

import linter
from linter.api import Linter
from linter.serve import is_loopback, make_server

from .reviewhtml import highlighted, parse


@pytest.fixture
def serve(tmp_path, monkeypatch):
    """Start a server in a thread from ``tmp_path`` (its configuration applies); yields a request function."""
    servers = []

    def start(linter_=None, max_request=2_000_000):
        monkeypatch.chdir(tmp_path)
        server = make_server(linter_ or Linter(), "127.0.0.1", 0, False, max_request, "warning")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        port = server.server_address[1]

        def request(method, path, body=None, headers=None):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
            sent = {"Content-Type": "application/json"} if isinstance(body, dict) else {}
            sent.update(headers or {})
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            payload = response.read()
            connection.close()
            return response.status, response.headers, payload

        request.port = port
        return request

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_checking_pasted_copy_gives_the_findings_check_prints(serve):
    request = serve()
    text = "Our 😀 ketamine is safe and\r\nwell-tolerated, a miracle.\r\n"
    status, headers, payload = request("POST", "/api/check", {"text": text, "format": "text"})
    assert status == 200 and headers["Content-Type"] == "application/json; charset=utf-8"
    answer = json.loads(payload)
    expected = [f.to_json() for f in linter.lint_text(text, "pasted.txt")]
    assert answer["findings"] == expected and answer["count"] == len(expected) == 2
    assert answer["path"] == "pasted.txt" and answer["passes"] is False
    root = parse(answer["html"])
    assert sorted(highlighted(root).values()) == sorted(" ".join(f["text"].split()) for f in expected)


def test_the_format_picks_the_reader(serve):
    request = serve()
    html = '<p>Ketamine is a <script>miracle</script> <b>breakthrough</b>.</p>'
    as_html = json.loads(request("POST", "/api/check", {"text": html, "format": "html"})[2])
    as_text = json.loads(request("POST", "/api/check", {"text": html, "format": "text"})[2])
    assert [f["rule"] for f in as_html["findings"]] == ["hype.breakthrough"]
    assert sorted(f["rule"] for f in as_text["findings"]) == ["hype.breakthrough", "hype.miracle"]
    assert as_html["path"] == "pasted.html"
    named = json.loads(request("POST", "/api/check", {"text": "# A miracle", "format": "markdown", "name": "blog/post"})[2])
    assert named["path"] == "blog/post.md"


def test_it_reads_the_configuration_check_reads(serve, tmp_path):
    (tmp_path / ".claimlint.toml").write_text('ignore = ["hype"]\n[per-file-ignores]\n"legal/**" = ["safety"]\n', encoding="utf-8")
    request = serve()
    text = "Ketamine is a miracle and safe and well-tolerated."
    answer = json.loads(request("POST", "/api/check", {"text": text, "format": "text"})[2])
    assert [f["rule"] for f in answer["findings"]] == ["safety.well-tolerated"]
    answer = json.loads(request("POST", "/api/check", {"text": text, "format": "text", "name": "legal/terms.txt"})[2])
    assert answer["findings"] == []


def test_the_page_is_served_with_its_policy_and_nothing_else(serve):
    request = serve()
    status, headers, payload = request("GET", "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    root = parse(payload.decode())
    policy = next(el.attrs["content"] for el in root.find_all("meta") if el.attrs.get("http-equiv") == "Content-Security-Policy")
    assert "connect-src 'self'" in policy and policy.startswith("default-src 'none';")
    assert [el.attrs.get("id") for el in root.find_all("textarea")] == ["copy"]
    assert request("GET", "/favicon.ico")[0] == 404
    assert request("GET", "/../../etc/passwd")[0] == 404
    assert request("PUT", "/api/check", b"{}")[0] == 405


def test_requests_are_limited_in_size_and_shape(serve):
    request = serve(max_request=1000)
    status, _, payload = request("POST", "/api/check", {"text": "x" * 2000, "format": "text"})
    assert status == 413 and "--max-request-size" in json.loads(payload)["error"]
    assert request("POST", "/api/check", b"text=1", {"Content-Type": "application/x-www-form-urlencoded"})[0] == 415
    assert request("POST", "/api/check", b"{not json", {"Content-Type": "application/json"})[0] == 400
    assert request("POST", "/api/check", {"text": 3})[0] == 400
    assert request("POST", "/api/check", {"text": "a", "format": "pdf"})[0] == 400
    assert request("POST", "/api/check", b"\xff\xfe", {"Content-Type": "application/json"})[0] == 400


def test_only_its_own_host_and_page_are_answered(serve):
    request = serve()
    assert request("GET", "/", headers={"Host": "attacker.example"})[0] == 421
    assert request("GET", "/", headers={"Host": f"localhost:{request.port}"})[0] == 200
    status, _, _ = request("POST", "/api/check", {"text": "a"}, {"Origin": "http://attacker.example"})
    assert status == 403
    assert request("POST", "/api/check", {"text": "a"}, {"Origin": f"http://127.0.0.1:{request.port}"})[0] == 200


def test_it_never_writes_a_file(serve, tmp_path):
    (tmp_path / "page.txt").write_text("A miracle.", encoding="utf-8")
    before = sorted(os.walk(tmp_path))
    request = serve()
    for fmt in ("text", "markdown", "html"):
        request("POST", "/api/check", {"text": "A miracle <b>cure</b>.", "format": fmt, "name": "page.txt"})
    assert sorted(os.walk(tmp_path)) == before
    assert (tmp_path / "page.txt").read_text(encoding="utf-8") == "A miracle."


def test_non_local_addresses_are_refused_unless_asked():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")
    with pytest.raises(ValueError, match="--allow-remote"):
        make_server(Linter(), "0.0.0.0", 0, False, 1000, "warning")
    result = subprocess.run([sys.executable, "-m", "linter", "serve", "--host", "0.0.0.0", "--port", "0"],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr.startswith("claimlint: error: refusing to listen on 0.0.0.0") and "Traceback" not in result.stderr


def test_a_port_in_use_is_a_clear_error(serve):
    request = serve()
    result = subprocess.run([sys.executable, "-m", "linter", "serve", "--port", str(request.port)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{request.port}" in result.stderr and "--port" in result.stderr
