"""Serves a directory over HTTP on 127.0.0.1, on a port the system picks, for .ci/native-equality.sh.

Prints the port it bound, alone on the first line, then serves until its standard input ends (closed by the caller,
or by the caller's death: no server is left behind): each file of the directory (a query
string is ignored, so a file can stand for the geocoder's `/geocodage/reverse?lon=…&lat=…&limit=1`), 404 for any
other path, and HTTP CODE with an empty body for /status/CODE.

usage: python3 .ci/fixture_server.py DIRECTORY
"""

import functools
import http.server
import sys
import threading


class FixtureHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path.startswith("/status/") and path[len("/status/"):].isdigit():
            self.send_response(int(path[len("/status/"):]))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format, *args):
        pass  # one line per request would bury the comparison's output


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python3 .ci/fixture_server.py DIRECTORY")
    handler = functools.partial(FixtureHandler, directory=sys.argv[1])
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        print(server.server_address[1], flush=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sys.stdin.buffer.read()


if __name__ == "__main__":
    main()
