"""The suggestion model loads with the network unreachable: its weights and tokenizer come
from the wordllama wheel. Run in a fresh interpreter, with an empty home folder (so no
~/.cache/wordllama can stand in for the wheel) and every way out of a socket refused. The
same interpreter then shows that wordllama's default loader does try the network there,
so the refusal is what a download would have met."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = textwrap.dedent(
    """
    import json, socket

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network unreachable (test)")

    socket.socket.connect = lambda self, address: refuse(address)
    socket.socket.connect_ex = lambda self, address: refuse(address)
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    import os
    from pathlib import Path

    from scoring import suggestions

    model = suggestions.model_load()
    vectors = suggestions.texts_embed(texts=["We can be open and honest with each other."])
    our_attempts = list(attempts)
    cache_made = (Path(os.environ["HOME"]) / ".cache").exists()

    wordllama = suggestions._wordllama_import()
    try:
        wordllama.WordLlama.load()
        default_loader = "loaded"
    except FileNotFoundError:
        default_loader = "failed"
    default_attempts = attempts[len(our_attempts):]

    print(json.dumps({
        "default_loader": default_loader,
        "default_attempts": default_attempts,
        "attempts": our_attempts,
        "cache_made": cache_made,
        "vocabulary": model.vocabulary,
        "shape": list(vectors.shape),
        "norm": float((vectors ** 2).sum()),
    }))
    """
)


def test_model_loads_from_the_wheel_with_the_network_unreachable(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])

    # wordllama's own default would have downloaded its tokenizer, and met the refusal
    assert report["default_loader"] == "failed"
    assert any("huggingface.co" in attempt for attempt in report["default_attempts"])
    # ours touched no socket at all, and embeds
    assert report["attempts"] == []
    assert report["vocabulary"] > 30_000
    assert report["shape"] == [1, 256]
    assert abs(report["norm"] - 1) < 1e-5
    assert report["cache_made"] is False  # nothing was written under the home folder


def _no_network_namespace() -> bool:
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not _no_network_namespace(), reason="cannot make a network namespace here")
def test_model_loads_in_a_namespace_with_no_network(tmp_path):
    """Patched sockets cover Python; the tokenizers library's fallback downloads from Rust.
    In a namespace with no interface but a loopback that is down, nothing can get out."""
    probe = (
        "from scoring import suggestions; "
        "print(suggestions.texts_embed(texts=['Phones ring out.']).shape)"
    )
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        ["unshare", "-rn", sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    assert result.stdout.strip().splitlines()[-1] == "(1, 256)"
