import json
import socket
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

from fixtures import STUDY, TRIAL

from milotune import Api, ApiError, TransientError, decode_delta


class DeltaTest(unittest.TestCase):

    def test_the_first_value_then_gaps(self):
        np.testing.assert_array_equal([3, 4, 11, 12], decode_delta([3, 1, 7, 1]))
        np.testing.assert_array_equal([0], decode_delta([0]))
        self.assertEqual((0,), decode_delta([]).shape)
        self.assertEqual(np.int64, decode_delta([1, 2]).dtype)

    def test_positions_that_do_not_ascend_are_rejected(self):
        for values in ([3, 0], [3, -1], [-1, 2], [[1, 2]]):
            with self.subTest(values=values), self.assertRaises(ValueError):
                decode_delta(values)


class Server:
    """A local HTTP server answering each GET with the next queued (status, headers, body)."""

    def __init__(self):
        self.answers: list[tuple[int, dict[str, str], bytes]] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                status, headers, body = server.answers.pop(0)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, args=(0.01,), daemon=True).start()

    def json(self, status: int, body: object) -> None:
        self.answers.append((status, {"Content-Type": "application/json"}, json.dumps(body).encode()))

    def close(self):
        self.http.shutdown()
        self.http.server_close()


def subset_view(epoch=2, indices=(3, 1, 7), size=3, num_items=54000) -> dict:
    return {"studyId": STUDY, "trialId": TRIAL, "rung": 0, "epoch": epoch, "totalEpochs": 9, "strategy": "milo",
            "phase": "sge", "planId": "ab" * 32, "fraction": 0.1, "numItems": num_items, "size": size,
            "encoding": "delta", "indices": list(indices)}


class ApiTest(unittest.TestCase):

    def setUp(self):
        self.server = Server()
        self.api = Api(self.server.url + "/", "s3cret", backoff=0.001, retries=2)

    def tearDown(self):
        self.server.close()

    def test_subsets_in_json_with_the_token(self):
        self.server.json(200, subset_view())
        np.testing.assert_array_equal([3, 4, 11], self.api.subsets(STUDY, TRIAL, 2))
        path, headers = self.server.requests[0]
        self.assertEqual(f"/api/v1/studies/{STUDY}/trials/{TRIAL}/subsets?epoch=2", path)
        self.assertEqual(("Bearer s3cret", "application/json"), (headers["Authorization"], headers["Accept"]))

    def test_subsets_as_int32(self):
        self.api.binary = True
        body = np.array([5, 9, 70000], dtype="<i4").tobytes()
        self.server.answers.append((200, {"Content-Type": "application/octet-stream", "X-Milotune-Size": "3",
                                          "X-Milotune-Num-Items": "70001"}, body))
        np.testing.assert_array_equal([5, 9, 70000], self.api.subsets(STUDY, TRIAL, 0))
        self.assertEqual("application/octet-stream", self.server.requests[0][1]["Accept"])

    def test_a_subset_that_does_not_match_its_fields_is_rejected(self):
        for view, message in [(subset_view(size=4), "size is 4 but 3 positions came"),
                              (subset_view(epoch=1), "subset asked for epoch 2 is for epoch 1"),
                              (subset_view(num_items=11), "position 11 is outside the 11 items"),
                              (subset_view() | {"encoding": "plain"}, "encoding is 'plain'")]:
            with self.subTest(message=message):
                self.server.json(200, view)
                with self.assertRaisesRegex(ValueError, message):
                    self.api.subsets(STUDY, TRIAL, 2)

    def test_splits_in_delta_and_plain_rows(self):
        self.server.json(200, {"dataset": "fashion-mnist", "contentHash": "ab" * 32, "splits": {
            "train": {"source": "train", "size": 3, "encoding": "delta", "rows": [0, 2, 5]},
            "validation": {"source": "train", "size": 2, "encoding": "plain", "rows": [9, 1]},
            "test": {"source": "test", "size": 0, "encoding": "delta", "rows": []}}})
        splits = self.api.splits(STUDY)
        self.assertEqual(["train", "validation", "test"], list(splits))
        np.testing.assert_array_equal([0, 2, 7], splits["train"].rows)
        np.testing.assert_array_equal([9, 1], splits["validation"].rows)
        self.assertEqual(("train", "test"), (splits["validation"].source, splits["test"].source))
        self.assertEqual(f"/api/v1/studies/{STUDY}/splits", self.server.requests[0][0])

    def test_server_errors_are_retried(self):
        self.server.json(503, {"title": "starting"})
        self.server.json(500, {"title": "oops"})
        self.server.json(200, subset_view())
        self.assertEqual(3, len(self.api.subsets(STUDY, TRIAL, 2)))
        self.assertEqual(3, len(self.server.requests))

    def test_server_errors_past_the_retries_are_transient(self):
        for _ in range(3):
            self.server.json(502, {})
        with self.assertRaisesRegex(TransientError, "failed 3 times: 502"):
            self.api.subsets(STUDY, TRIAL, 2)

    def test_a_refused_connection_is_transient(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with self.assertRaises(TransientError):
            Api(f"http://127.0.0.1:{port}", backoff=0.001, retries=1).subsets(STUDY, TRIAL, 0)

    def test_a_client_error_is_not_retried(self):
        self.server.json(409, {"title": "Conflict", "detail": "trial trains no segment now"})
        with self.assertRaisesRegex(ApiError, "answered 409: trial trains no segment now") as caught:
            self.api.subsets(STUDY, TRIAL, 2)
        self.assertEqual(409, caught.exception.status)
        self.assertEqual(1, len(self.server.requests))


if __name__ == "__main__":
    unittest.main()
