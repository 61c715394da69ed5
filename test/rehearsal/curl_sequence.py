"""Seed 003's curl sequence through the example's API, each answer checked:
dog names, then a todo written and read back. The rehearsal runs it against
AWS (checks.curl_sequence), and the pipeline after the gateway's deploy:

  python3 test/rehearsal/curl_sequence.py https://<api-id>.execute-api.<region>.amazonaws.com/

It needs Python 3 alone (no AWS SDK): the pipeline's build image has it."""

import json
import sys
import time
import urllib.parse
import urllib.request


class CurlFailed(Exception):
    """A request failed, or answered what seed 003 does not."""


def _check(ok, what):
    if not ok:
        raise CurlFailed(what)


def curl_sequence(url, wait=15):
    """The sequence against url (the gateway's HttpApiUrl); returns what it
    did, one line per request. A new VPC link or target can take a minute to
    carry traffic: each request is tried 5 times, wait seconds apart."""
    url = url.rstrip("/")
    done = []

    def call(method, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data else None
        req = urllib.request.Request(url + path, data=body, method=method)
        for attempt in range(5):
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    answer = json.load(r)
                    done.append(f"{method} {path} -> {r.status} {json.dumps(answer)[:80]}")
                    return answer
            except OSError as e:
                if attempt == 4:
                    raise CurlFailed(f"curl sequence: {method} {url}{path}: {e}") from e
                time.sleep(wait)
        return None

    dog = call("GET", "/dogs")
    _check(isinstance(dog, dict) and dog.get("name") and dog.get("gender") in ("male", "female"), f"GET /dogs answered {dog}")
    male = call("GET", "/dogs/males")
    _check(isinstance(male, dict) and male.get("gender") == "male", f"GET /dogs/males answered {male}")
    created = call("POST", "/todo", {"data": "Write new AWS blog post"})
    _check(isinstance(created, dict) and created.get("data") == "Write new AWS blog post" and created.get("id"), f"POST /todo answered {created}")
    listed = call("GET", "/todo")
    _check(isinstance(listed, list) and created in listed, f"GET /todo answered {listed}, without {created}")
    one = call("GET", "/todo/" + created["id"])
    _check(one == created, f"GET /todo/{created['id']} answered {one}")
    return done


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: curl_sequence.py <the API's URL>")
    try:
        for line in curl_sequence(sys.argv[1]):
            print(line)
    except CurlFailed as e:
        sys.exit(str(e))
