import os
import tempfile
import unittest

from milotune.kafka import client_config, read_properties, tasks_topic, workers_group


def properties_file(text: str) -> str:
    f = tempfile.NamedTemporaryFile("w", suffix=".properties", delete=False)
    f.write(text)
    f.close()
    return f.name


class PropertiesTest(unittest.TestCase):

    def setUp(self):
        self.path = properties_file(
            "# librdkafka / kcat: kcat -F worker.properties -L\n"
            "bootstrap.servers=127.0.0.1:9092\n"
            "\n"
            "  security.protocol = SASL_PLAINTEXT  \n"
            "! another comment\n"
            "sasl.mechanisms=PLAIN\n"
            "sasl.username=worker\n"
            "sasl.password=a=b#c\n")

    def tearDown(self):
        os.unlink(self.path)

    def test_keys_and_values_are_read_without_comments_or_blanks(self):
        self.assertEqual({"bootstrap.servers": "127.0.0.1:9092", "security.protocol": "SASL_PLAINTEXT",
                          "sasl.mechanisms": "PLAIN", "sasl.username": "worker", "sasl.password": "a=b#c"},
                         read_properties(self.path))

    def test_a_line_without_equals_names_its_line_but_not_its_text(self):
        path = properties_file("a=1\nsasl.password secret\n")
        try:
            with self.assertRaises(ValueError) as caught:
                read_properties(path)
            self.assertEqual(f"{path}:2: expected key=value", str(caught.exception))
        finally:
            os.unlink(path)

    def test_bootstrap_overrides_the_files(self):
        config = client_config(self.path, "broker:19092")
        self.assertEqual(("broker:19092", "worker"), (config["bootstrap.servers"], config["sasl.username"]))
        self.assertEqual("127.0.0.1:9092", client_config(self.path, None)["bootstrap.servers"])
        self.assertEqual({"bootstrap.servers": "b:1"}, client_config(None, "b:1"))

    def test_bootstrap_servers_are_required(self):
        with self.assertRaisesRegex(ValueError, "no Kafka bootstrap servers"):
            client_config(None, None)


class TopicsTest(unittest.TestCase):

    def test_a_pools_topic_and_group(self):
        self.assertEqual(("milotune.trials.pytorch", "milotune-workers.pytorch"),
                         (tasks_topic("pytorch"), workers_group("pytorch")))
        self.assertEqual(("milotune.trials", "milotune-workers"), (tasks_topic("builtin"), workers_group("builtin")))
        for bad in ("PyTorch", "-x", "dlq", "a" * 41, "a.b"):
            with self.subTest(pool=bad), self.assertRaises(ValueError):
                tasks_topic(bad)


if __name__ == "__main__":
    unittest.main()
