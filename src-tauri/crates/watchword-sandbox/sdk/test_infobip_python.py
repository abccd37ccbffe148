"""Infobip's official Python client (`infobip-api-python-client`, its 2FA API `TfaApi`)
against the sandbox, unchanged but for the base URL: applications, templates, send,
resend, verify, status, wrong credentials."""

import unittest
import uuid

from infobip_api_client import ApiClient, Configuration
from infobip_api_client.api.tfa_api import TfaApi
from infobip_api_client.exceptions import ApiException
from infobip_api_client.models.tfa_application_configuration import TfaApplicationConfiguration
from infobip_api_client.models.tfa_application_request import TfaApplicationRequest
from infobip_api_client.models.tfa_create_message_request import TfaCreateMessageRequest
from infobip_api_client.models.tfa_language import TfaLanguage
from infobip_api_client.models.tfa_pin_type import TfaPinType
from infobip_api_client.models.tfa_resend_pin_request import TfaResendPinRequest
from infobip_api_client.models.tfa_start_authentication_request import TfaStartAuthenticationRequest
from infobip_api_client.models.tfa_update_message_request import TfaUpdateMessageRequest
from infobip_api_client.models.tfa_verify_pin_request import TfaVerifyPinRequest

import sandbox


def tfa(key=sandbox.INFOBIP_KEY):
    # The one change a backend makes to test against the sandbox: the base URL.
    return TfaApi(ApiClient(Configuration(host=sandbox.BASE, api_key=key)))


def application(api, **configuration):
    return api.create_tfa_application(
        TfaApplicationRequest(
            name="sdk " + uuid.uuid4().hex[:8],
            enabled=True,
            configuration=TfaApplicationConfiguration(**configuration),
        )
    )


def template(api, app_id, **fields):
    return api.create_tfa_message_template(
        app_id,
        TfaCreateMessageRequest(
            message_text="Your code is {{pin}}", pin_type=TfaPinType.NUMERIC, **fields
        ),
    )


class InfobipPythonSdk(unittest.TestCase):
    def test_applications_and_templates(self):
        api = tfa()
        app = application(api, pin_attempts=5, pin_time_to_live="10m", verify_pin_limit="2/4s",
                          send_pin_per_application_limit="5000/12h",
                          send_pin_per_phone_number_limit="2/1d",
                          allow_multiple_pin_verifications=False)
        self.assertEqual(len(app.application_id), 32)
        self.assertTrue(app.enabled)
        self.assertEqual(app.configuration.pin_attempts, 5)
        self.assertEqual(app.configuration.pin_time_to_live, "10m")
        self.assertFalse(app.configuration.allow_multiple_pin_verifications)
        again = api.get_tfa_application(app.application_id)
        self.assertEqual((again.name, again.configuration.verify_pin_limit), (app.name, "2/4s"))
        self.assertIn(app.application_id, [a.application_id for a in api.get_tfa_applications()])
        updated = api.update_tfa_application(
            app.application_id,
            TfaApplicationRequest(name=app.name, enabled=True,
                                  configuration=TfaApplicationConfiguration(pin_attempts=7)),
        )
        self.assertEqual(updated.configuration.pin_attempts, 7)

        message = template(api, app.application_id, pin_length=6, sender_id="Watchword",
                           language=TfaLanguage.DE, repeat_dtmf="1#", speech_rate=1.5)
        self.assertEqual(message.application_id, app.application_id)
        self.assertEqual(message.pin_placeholder, "{{pin}}")
        self.assertEqual((message.pin_length, message.pin_type), (6, TfaPinType.NUMERIC))
        self.assertEqual((message.sender_id, message.language), ("Watchword", TfaLanguage.DE))
        self.assertEqual((message.repeat_dtmf, message.speech_rate), ("1#", 1.5))
        got = api.get_tfa_message_template(app.application_id, message.message_id)
        self.assertEqual(got.message_text, "Your code is {{pin}}")
        self.assertEqual([m.message_id for m in api.get_tfa_message_templates(app.application_id)],
                         [message.message_id])
        changed = api.update_tfa_message_template(
            app.application_id, message.message_id,
            TfaUpdateMessageRequest(pin_length=8, pin_type=TfaPinType.ALPHANUMERIC),
        )
        self.assertEqual((changed.pin_length, changed.pin_type), (8, TfaPinType.ALPHANUMERIC))

    def test_send_resend_verify_and_status(self):
        api = tfa()
        app = application(api)
        message = template(api, app.application_id, pin_length=6)
        sent = api.send_tfa_pin_code_over_sms(
            TfaStartAuthenticationRequest(application_id=app.application_id,
                                          message_id=message.message_id, to="46700002001",
                                          var_from="Watchword"),
            nc_needed=True,
        )
        self.assertEqual(len(sent.pin_id), 32)
        self.assertEqual((sent.to, sent.sms_status, sent.nc_status),
                         ("46700002001", "MESSAGE_SENT", "NC_DESTINATION_REACHABLE"))
        pin = sandbox.last_code("46700002001")
        resent = api.resend_tfa_pin_code_over_sms(sent.pin_id, TfaResendPinRequest())
        self.assertEqual(resent.pin_id, sent.pin_id)
        self.assertEqual(sandbox.last_code("46700002001"), pin)  # the same PIN again

        wrong = api.verify_tfa_phone_number(sent.pin_id, TfaVerifyPinRequest(pin="000000" if pin != "000000" else "111111"))
        self.assertEqual((wrong.verified, wrong.pin_error, wrong.attempts_remaining),
                         (False, "WRONG_PIN", 9))
        status = api.get_tfa_verification_status(msisdn="46700002001", app_id=app.application_id)
        self.assertEqual([(v.msisdn, v.verified) for v in status.verifications], [("46700002001", False)])
        self.assertIsInstance(status.verifications[0].sent_at, int)

    def test_verify_and_status_when_verified(self):
        api = tfa()
        app = application(api, verify_pin_limit="100/1s")
        message = template(api, app.application_id)
        sent = api.send_tfa_pin_code_over_sms(
            TfaStartAuthenticationRequest(application_id=app.application_id,
                                          message_id=message.message_id, to="46700002002")
        )
        pin = sandbox.last_code("46700002002")
        right = api.verify_tfa_phone_number(sent.pin_id, TfaVerifyPinRequest(pin=pin))
        self.assertEqual((right.pin_id, right.msisdn, right.verified), (sent.pin_id, "46700002002", True))
        self.assertIsNone(right.pin_error)
        status = api.get_tfa_verification_status(msisdn="46700002002", app_id=app.application_id,
                                                 verified=True)
        self.assertEqual(len(status.verifications), 1)
        self.assertGreater(status.verifications[0].verified_at, 10**12)  # epoch milliseconds

    def test_injected_failures(self):
        api = tfa()
        app = application(api)
        message = template(api, app.application_id)
        sent = api.send_tfa_pin_code_over_sms(
            TfaStartAuthenticationRequest(application_id=app.application_id,
                                          message_id=message.message_id, to="99920000001")
        )
        self.assertEqual((sent.sms_status, sent.nc_status), ("MESSAGE_NOT_SENT", "NC_DESTINATION_UNKNOWN"))
        with self.assertRaises(ApiException) as caught:
            api.send_tfa_pin_code_over_sms(
                TfaStartAuthenticationRequest(application_id=app.application_id,
                                              message_id=message.message_id, to="99920000429")
            )
        self.assertEqual(caught.exception.status, 429)
        self.assertIn("TOO_MANY_REQUESTS", caught.exception.body)

    def test_wrong_credentials_and_unknown_ids(self):
        with self.assertRaises(ApiException) as caught:
            tfa(key="not-a-key").get_tfa_applications()
        self.assertEqual(caught.exception.status, 401)
        self.assertIn("UNAUTHORIZED", caught.exception.body)
        with self.assertRaises(ApiException) as caught:
            tfa().get_tfa_application("0" * 32)
        self.assertEqual(caught.exception.status, 404)


if __name__ == "__main__":
    unittest.main()
