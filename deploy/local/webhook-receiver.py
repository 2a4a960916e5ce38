#!/usr/bin/env python3
"""A partner's webhook endpoint for the demo: checks each delivery's signature (R-N2) the way a
partner would (the Standard Webhooks scheme), with the secret it was given once ("whsec_" and the key in
base64): HMAC-SHA256 keyed with the decoded key over "<webhook-id>.<webhook-timestamp>.<body>", base64, in the
webhook-signature header as "v1,<signature>", with a timestamp within five minutes of now (a replay guard,
as the scheme's libraries keep it). Prints one line per delivery.
Deliveries to another path (an endpoint registered by an earlier run) answer 410 and are not counted.
Usage: webhook-receiver.py PORT PATH SECRET"""
import base64, hashlib, hmac, json, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT, PATH = int(sys.argv[1]), sys.argv[2]
SECRET = base64.b64decode(sys.argv[3].removeprefix("whsec_"))


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.path != PATH:
            self.send_response(410)
            self.end_headers()
            return
        message = f'{self.headers.get("webhook-id")}.{self.headers.get("webhook-timestamp")}.'.encode() + body
        expected = "v1," + base64.b64encode(hmac.new(SECRET, message, hashlib.sha256).digest()).decode()
        try:
            fresh = abs(time.time() - int(self.headers.get("webhook-timestamp", ""))) <= 300
        except ValueError:
            fresh = False
        valid = fresh and hmac.compare_digest(expected, self.headers.get("webhook-signature", ""))
        try:
            event = json.loads(body)
            data = event.get("data", {})
            what = f'{event.get("type", "?").split(".")[-2]:<24} ' + (
                f'ticket #{data["ticketNumber"]}' if "ticketNumber" in data else f'account {data.get("accountId", "")}')
        except ValueError:
            what = "(not JSON)"
        print(f'{what}  signature {"valid" if valid else "INVALID"}  {self.headers.get("webhook-id")}', flush=True)
        self.send_response(204 if valid else 401)
        self.end_headers()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", PORT), Receiver).serve_forever()
