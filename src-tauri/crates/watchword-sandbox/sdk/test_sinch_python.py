"""Sinch's official Python SDK (`sinch` 1.x, verification with signed requests)
against the sandbox, unchanged but for the base URL: start, report by id and by
identity, status by id, reference and identity, flash call by CLI, wrong credentials."""

import unittest
import uuid

from sinch import SinchClient
from sinch.domains.verification.exceptions import VerificationException

import sandbox


def client(secret=sandbox.SINCH_SECRET):
    sinch = SinchClient(application_key=sandbox.SINCH_KEY, application_secret=secret)
    # The one change a backend makes to test against the sandbox: the base URL.
    sinch.configuration.verification_origin = sandbox.HOSTPORT
    sinch.configuration.disable_https = True
    return sinch


def identity(number):
    return {"type": "number", "endpoint": number}


class SinchPythonSdk(unittest.TestCase):
    def test_sms_start_report_by_id_and_status_by_id_and_reference(self):
        sinch = client()
        reference = "py-" + uuid.uuid4().hex
        started = sinch.verification.verifications.start_sms(
            identity=identity("+46700001001"), reference=reference
        )
        self.assertEqual(started.method, "sms")
        self.assertEqual(len(started.id), 32)
        self.assertEqual(started.sms.interception_timeout, 298)
        self.assertIn("{{CODE}}", started.sms.template)
        self.assertEqual({link["rel"] for link in started._links}, {"status", "report"})
        code = sandbox.last_code("+46700001001")

        wrong = sinch.verification.verifications.report_sms_by_id(id=started.id, code="0000" if code != "0000" else "1111")
        self.assertEqual((wrong.status, wrong.reason), ("FAIL", "Invalid code"))
        right = sinch.verification.verifications.report_sms_by_id(id=started.id, code=code)
        self.assertEqual((right.id, right.method, right.status), (started.id, "sms", "SUCCESSFUL"))

        by_id = sinch.verification.verification_status.get_by_id(id=started.id)
        self.assertEqual((by_id.id, by_id.status, by_id.method), (started.id, "SUCCESSFUL", "sms"))
        self.assertEqual(by_id.reference, reference)
        self.assertEqual(by_id.identity, identity("+46700001001"))
        self.assertEqual(by_id.price["verificationPrice"]["currencyId"], "EUR")
        by_ref = sinch.verification.verification_status.get_by_reference(reference=reference)
        self.assertEqual((by_ref.id, by_ref.status), (started.id, "SUCCESSFUL"))

    def test_report_and_status_by_identity(self):
        sinch = client()
        started = sinch.verification.verifications.start_sms(identity=identity("+46700001002"))
        code = sandbox.last_code("+46700001002")
        pending = sinch.verification.verification_status.get_by_identity(
            endpoint="+46700001002", method="sms"
        )
        self.assertEqual((pending.id, pending.status), (started.id, "PENDING"))
        done = sinch.verification.verifications.report_sms_by_identity(
            endpoint="+46700001002", code=code
        )
        self.assertEqual((done.id, done.status), (started.id, "SUCCESSFUL"))

    def test_flash_call_reported_by_cli(self):
        sinch = client()
        started = sinch.verification.verifications.start_flash_call(
            identity=identity("+46700001003"), dial_timeout=10
        )
        self.assertEqual(started.method, "flashcall")
        self.assertRegex(started.flash_call.cli_filter, r"^\(\.\*\)\d{4}\(\.\*\)$")
        self.assertGreaterEqual(started.flash_call.report_timeout, started.flash_call.interception_timeout)
        cli = sandbox.last_code("+46700001003")
        done = sinch.verification.verifications.report_flash_call_by_id(id=started.id, cli=cli)
        self.assertEqual((done.status, done.method), ("SUCCESSFUL", "flashcall"))

    def test_phone_call_reported_by_identity(self):
        sinch = client()
        started = sinch.verification.verifications.start_phone_call(identity=identity("+46700001004"))
        self.assertEqual(started.method, "callout")
        code = sandbox.last_code("+46700001004")
        done = sinch.verification.verifications.report_phone_call_by_identity(
            endpoint="+46700001004", code=code
        )
        self.assertEqual(done.status, "SUCCESSFUL")

    def test_injected_outcome_and_unknown_id(self):
        sinch = client()
        started = sinch.verification.verifications.start_sms(identity=identity("+99910000002"))
        status = sinch.verification.verification_status.get_by_id(id=started.id)
        self.assertEqual((status.status, status.reason), ("DENIED", "Fraud"))
        with self.assertRaises(VerificationException) as caught:
            sinch.verification.verification_status.get_by_id(id="0" * 32)
        self.assertEqual(caught.exception.http_response.status_code, 404)

    def test_wrong_credentials_are_refused(self):
        sinch = client(secret="d3Jvbmctc2VjcmV0")
        with self.assertRaises(VerificationException) as caught:
            sinch.verification.verifications.start_sms(identity=identity("+46700001005"))
        self.assertEqual(caught.exception.http_response.status_code, 401)
        self.assertEqual(caught.exception.http_response.body["errorCode"], 40102)  # a wrong secret signs wrongly
        self.assertEqual(sandbox.outbox("+46700001005"), [])


if __name__ == "__main__":
    unittest.main()
