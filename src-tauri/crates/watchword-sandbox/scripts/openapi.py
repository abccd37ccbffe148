#!/usr/bin/env python3
"""Writes src/openapi.json, the OpenAPI 3.0 document of everything the sandbox serves.

Run from the crate folder after changing a route: python3 scripts/openapi.py
"""
import json
import pathlib

def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}

def obj(props, required=(), extra=True):
    s = {"type": "object", "properties": props}
    if required:
        s["required"] = list(required)
    if not extra:
        s["additionalProperties"] = False
    return s

S = {"type": "string"}
I = {"type": "integer"}
B = {"type": "boolean"}
N = {"type": "number"}
PHONE = {"type": "string", "pattern": "^\\+?[1-9][0-9]{5,14}$"}

def json_body(schema, required=True):
    return {"required": required, "content": {"application/json": {"schema": schema}}}

def resp(desc, schema=None, ctype="application/json", headers=None):
    r = {"description": desc}
    if schema is not None:
        r["content"] = {ctype: {"schema": schema}}
    if headers:
        r["headers"] = headers
    return r

def errors(schema, codes):
    return {str(c): resp(f"error {c}", ref(schema)) for c in codes}

SINCH_ERR = [400, 401, 403, 404, 405, 409, 413, 429]
INFOBIP_ERR = [400, 401, 404, 405, 413, 429]
A365_ERR = [400, 401, 404, 405, 413, 429]
SANDBOX_ERR = [400, 404, 405, 413]

def op(tag, summary, responses, security=None, body=None, params=None, err=None, errcodes=()):
    o = {"tags": [tag], "summary": summary, "responses": dict(responses)}
    if err:
        o["responses"].update(errors(err, errcodes))
    if security is not None:
        o["security"] = security
    if body is not None:
        o["requestBody"] = body
    if params:
        o["parameters"] = params
    return o

def path_param(name, schema=None):
    return {"name": name, "in": "path", "required": True, "schema": schema or S}

def query(name, schema, required=False):
    return {"name": name, "in": "query", "required": required, "schema": schema}

SINCH_SEC = [{"SinchBasic": []}, {"SinchSigned": []}]
INFOBIP_SEC = [{"InfobipApiKey": []}]
BEARER = [{"Auth365Bearer": []}]

schemas = {
    "SinchError": obj({"errorCode": I, "message": S, "reference": S}, ["errorCode", "message", "reference"]),
    "InfobipError": obj({"requestError": obj({"serviceException": obj({
        "messageId": S, "text": S,
        "validationErrors": {"type": "object", "additionalProperties": {"type": "array", "items": S}}},
        ["messageId", "text"])}, ["serviceException"])}, ["requestError"]),
    "Auth365Error": obj({"status": {"type": "string", "enum": ["error"]}, "message": S}, ["status", "message"]),
    "OAuthError": obj({"error": S, "error_description": S}, ["error"]),
    "SandboxError": obj({"error": S}, ["error"]),
    "SinchIdentity": obj({"type": {"type": "string", "enum": ["number"]}, "endpoint": PHONE}, ["type", "endpoint"]),
    "SinchLink": obj({"rel": {"type": "string", "enum": ["status", "report"]}, "href": S,
                      "method": {"type": "string", "enum": ["GET", "PUT"]}}, ["rel", "href", "method"]),
    "SinchStartRequest": obj({
        "identity": ref("SinchIdentity"),
        "method": {"type": "string", "enum": ["sms", "flashcall", "flashCall", "callout", "seamless", "whatsapp"]},
        "reference": {"type": "string", "pattern": "^[A-Za-z0-9._~-]{1,256}$"},
        "custom": {"type": "string", "maxLength": 4096},
        "smsOptions": obj({"expiry": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}:[0-9]{2}$"},
                           "codeType": {"type": "string", "enum": ["Numeric", "Alpha", "Alphanumeric"]},
                           "code": {"type": "string", "description": "Only with the application option acceptCustomCode."}}),
        "flashCallOptions": obj({"dialTimeout": {"type": "integer", "minimum": 5, "maximum": 120},
                                 "interceptionTimeout": {"type": "integer", "minimum": 5, "maximum": 120}}),
        "calloutOptions": obj({"speech": obj({"locale": S})}),
        "whatsappOptions": obj({"codeType": {"type": "string", "enum": ["Numeric", "Alpha", "Alphanumeric"]}}),
    }, ["identity", "method"]),
    "SinchStartResponse": obj({
        "id": S, "method": S,
        "_links": {"type": "array", "items": ref("SinchLink")},
        "sms": obj({"template": S, "interceptionTimeout": I, "codeType": S}, ["template", "interceptionTimeout", "codeType"]),
        "flashCall": obj({"cliFilter": S, "interceptionTimeout": I, "reportTimeout": I, "denyCallAfter": I},
                         ["cliFilter", "interceptionTimeout", "reportTimeout", "denyCallAfter"]),
        "seamless": obj({"targetUri": S}, ["targetUri"]),
        "whatsapp": obj({"codeType": S}),
    }, ["id", "method", "_links"]),
    "SinchReportRequest": obj({
        "method": {"type": "string", "enum": ["sms", "flashcall", "flashCall", "callout", "whatsapp"]},
        "sms": obj({"code": S}), "flashCall": obj({"cli": S}), "callout": obj({"code": S}), "whatsapp": obj({"code": S}),
    }),
    "SinchReportResponse": obj({"id": S, "method": S,
                                "status": {"type": "string", "enum": ["PENDING", "SUCCESSFUL", "FAIL", "DENIED", "ABORTED", "ERROR"]},
                                "reason": S, "callComplete": B}, ["id", "method", "status"]),
    "SinchStatus": obj({
        "id": S, "method": S,
        "status": {"type": "string", "enum": ["PENDING", "SUCCESSFUL", "FAIL", "DENIED", "ABORTED", "ERROR"]},
        "reason": S, "reference": S, "identity": ref("SinchIdentity"), "countryId": S,
        "verificationTimestamp": S, "source": {"type": "string", "enum": ["intercepted", "manual"]},
        "callComplete": B,
        "price": obj({"verificationPrice": obj({"currencyId": S, "amount": N}, ["currencyId", "amount"])}, ["verificationPrice"]),
    }, ["id", "method", "status", "identity", "countryId", "verificationTimestamp", "source", "price"]),
    "InfobipConfiguration": obj({
        "pinAttempts": {"type": "integer", "minimum": 1, "maximum": 1000},
        "allowMultiplePinVerifications": B,
        "pinTimeToLive": {"type": "string", "example": "15m"},
        "verifyPinLimit": {"type": "string", "example": "1/3s"},
        "sendPinPerApplicationLimit": {"type": "string", "example": "10000/1d"},
        "sendPinPerPhoneNumberLimit": {"type": "string", "example": "3/1d"},
    }),
    "InfobipApplicationRequest": obj({"name": {"type": "string", "minLength": 1, "maxLength": 256}, "enabled": B,
                                      "configuration": ref("InfobipConfiguration")}, ["name"]),
    "InfobipApplicationUpdate": obj({"name": {"type": "string", "minLength": 1, "maxLength": 256}, "enabled": B,
                                     "configuration": ref("InfobipConfiguration")}),
    "InfobipApplication": obj({"applicationId": S, "name": S, "enabled": B, "configuration": ref("InfobipConfiguration")},
                              ["applicationId", "name", "enabled", "configuration"]),
    "InfobipMessageRequest": obj({
        "messageText": {"type": "string", "pattern": "\\{\\{pin\\}\\}", "maxLength": 1600},
        "pinType": {"type": "string", "enum": ["NUMERIC", "ALPHA", "HEX", "ALPHANUMERIC"]},
        "pinLength": {"type": "integer", "minimum": 4, "maximum": 16},
        "senderId": S, "language": S, "voiceName": S, "repeatDTMF": S,
        "speechRate": {"type": "number", "minimum": 0.5, "maximum": 2},
    }, ["messageText"]),
    "InfobipMessageUpdate": obj({
        "messageText": {"type": "string", "pattern": "\\{\\{pin\\}\\}", "maxLength": 1600},
        "pinType": {"type": "string", "enum": ["NUMERIC", "ALPHA", "HEX", "ALPHANUMERIC"]},
        "pinLength": {"type": "integer", "minimum": 4, "maximum": 16},
        "senderId": S, "language": S, "voiceName": S, "repeatDTMF": S,
        "speechRate": {"type": "number", "minimum": 0.5, "maximum": 2},
    }),
    "InfobipMessage": obj({"messageId": S, "applicationId": S, "pinPlaceholder": S, "messageText": S, "pinType": S,
                           "pinLength": I, "senderId": S, "language": S, "voiceName": S, "repeatDTMF": S, "speechRate": N},
                          ["messageId", "applicationId", "pinPlaceholder", "messageText", "pinType", "pinLength", "language"]),
    "InfobipEmailMessageRequest": obj({"emailTemplateId": {"type": "integer", "minimum": 1}, "from": S,
                                       "pinLength": {"type": "integer", "minimum": 4, "maximum": 16},
                                       "pinType": {"type": "string", "enum": ["NUMERIC", "ALPHA", "HEX", "ALPHANUMERIC"]}},
                                      ["emailTemplateId", "from"]),
    "InfobipEmailMessageUpdate": obj({"emailTemplateId": {"type": "integer", "minimum": 1}, "from": S,
                                      "pinLength": {"type": "integer", "minimum": 4, "maximum": 16},
                                      "pinType": {"type": "string", "enum": ["NUMERIC", "ALPHA", "HEX", "ALPHANUMERIC"]}}),
    "InfobipEmailMessage": obj({"messageId": S, "applicationId": S, "emailTemplateId": I, "from": S, "pinLength": I, "pinType": S},
                               ["messageId", "applicationId", "emailTemplateId", "from", "pinLength", "pinType"]),
    "InfobipSendRequest": obj({"applicationId": S, "messageId": S, "to": S, "from": S,
                               "placeholders": {"type": "object", "additionalProperties": S}, "trackDelivery": B},
                              ["applicationId", "messageId", "to"]),
    "InfobipResendRequest": obj({"placeholders": {"type": "object", "additionalProperties": S}}),
    "InfobipSmsSent": obj({"pinId": S, "to": S,
                           "ncStatus": {"type": "string", "enum": ["NC_DESTINATION_UNKNOWN", "NC_DESTINATION_REACHABLE", "NC_DESTINATION_NOT_REACHABLE", "NC_NOT_CONFIGURED"]},
                           "smsStatus": {"type": "string", "enum": ["MESSAGE_SENT", "MESSAGE_NOT_SENT"]}},
                          ["pinId", "to", "smsStatus"]),
    "InfobipVoiceSent": obj({"pinId": S, "to": S, "callStatus": S}, ["pinId", "to", "callStatus"]),
    "InfobipEmailSent": obj({"pinId": S, "to": S, "emailStatus": obj({"name": S, "description": S}, ["name", "description"])},
                            ["pinId", "to", "emailStatus"]),
    "InfobipVerifyRequest": obj({"pin": S}, ["pin"]),
    "InfobipVerifyResponse": obj({"pinId": S, "msisdn": S, "verified": B, "attemptsRemaining": I,
                                  "pinError": {"type": "string", "enum": ["WRONG_PIN", "TTL_EXPIRED", "NO_MORE_PIN_ATTEMPTS"]}},
                                 ["pinId", "msisdn", "verified", "attemptsRemaining"]),
    "InfobipVerifications": obj({"verifications": {"type": "array", "items": obj(
        {"msisdn": S, "verified": B, "verifiedAt": {"type": "integer", "description": "epoch milliseconds"},
         "sentAt": {"type": "integer", "description": "epoch milliseconds"}}, ["msisdn", "verified"])}}, ["verifications"]),
    "TokenResponse": obj({"access_token": S, "token_type": {"type": "string", "enum": ["Bearer"]}, "expires_in": I,
                          "refresh_token": S, "refresh_expires_in": I, "scope": S},
                         ["access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in", "scope"]),
    "TokenRequest": obj({"grant_type": {"type": "string", "enum": ["client_credentials", "refresh_token"]},
                         "refresh_token": S, "client_id": S, "client_secret": S}, ["grant_type"]),
    "GenerateRequest": obj({"accountId": {"type": "integer", "minimum": 0}, "telephoneNumber": PHONE, "emailAddress": S,
                            "messageBody": {"type": "string", "pattern": "\\[token\\]", "maxLength": 1000},
                            "characterSet": S, "tokenLength": {"type": "integer", "minimum": 4, "maximum": 9},
                            "pinType": {"type": "integer", "enum": [0, 1]},
                            "timeOut": {"type": "integer", "minimum": 30, "maximum": 900}},
                           ["accountId", "messageBody"]),
    "SendUrlRequest": obj({"accountId": {"type": "integer", "minimum": 0}, "telephoneNumber": PHONE,
                           "messageBody": {"type": "string", "pattern": "\\[url\\]", "maxLength": 1000},
                           "mode": {"type": "string", "enum": ["onestep", "twostep"]},
                           "tokenLength": {"type": "integer", "minimum": 4, "maximum": 9},
                           "timeOut": {"type": "integer", "minimum": 30, "maximum": 900}},
                          ["accountId", "telephoneNumber", "messageBody", "mode"]),
    "GenerateResponse": obj({"status": {"type": "string", "enum": ["success"]}, "message": S, "orderID": S},
                            ["status", "message", "orderID"]),
    "ValidateRequest": obj({"accountId": {"type": "integer", "minimum": 0}, "telephoneNumber": S, "emailAddress": S,
                            "orderID": S, "token": S}, ["accountId", "token"]),
    "Outcome": obj({"status": {"type": "string", "enum": ["success", "failure"]}, "message": S}, ["status", "message"]),
    "OrderStatus": obj({"status": {"type": "string", "enum": ["success"]}, "message": S,
                        "state": {"type": "string", "enum": ["pending", "validated", "expired", "failed"]}},
                       ["status", "message", "state"]),
    "SoftTokenRequest": obj({"accountId": {"type": "integer", "minimum": 0}, "userId": {"type": "string", "minLength": 1, "maxLength": 128},
                             "issuer": {"type": "string", "minLength": 1, "maxLength": 64},
                             "algorithm": {"type": "string", "enum": ["SHA1", "SHA256", "SHA512"]},
                             "digits": {"type": "integer", "minimum": 6, "maximum": 8},
                             "period": {"type": "integer", "minimum": 15, "maximum": 120}}, ["accountId", "userId"]),
    "SoftTokenCreated": obj({"softTokenId": S, "otpauthUri": S, "qrPng": {"type": "string", "format": "byte"}},
                            ["softTokenId", "otpauthUri", "qrPng"]),
    "SoftToken": obj({"softTokenId": S, "accountId": I, "userId": S, "issuer": S, "algorithm": S, "digits": I,
                      "period": I, "createdAt": S},
                     ["softTokenId", "accountId", "userId", "issuer", "algorithm", "digits", "period", "createdAt"]),
    "SoftTokenValidate": obj({"code": S}, ["code"]),
    "OutboxEntry": obj({"id": I, "channel": {"type": "string", "enum": ["sms", "voice", "email", "flashcall"]},
                        "to": S, "text": S, "code": S,
                        "provider": {"type": "string", "enum": ["sinch", "infobip", "auth365"]}, "sentAt": S},
                       ["id", "channel", "to", "text", "code", "provider", "sentAt"]),
    "Clock": obj({"now": S, "offsetSeconds": I}, ["now", "offsetSeconds"]),
    "SinchAppOptions": obj({"callbackUrl": {"type": "string", "nullable": True}, "returnFullCli": B, "acceptCustomCode": B,
                            "codeLength": {"type": "integer", "minimum": 4, "maximum": 10},
                            "maxAttempts": {"type": "integer", "minimum": 1, "maximum": 100},
                            "ttlSeconds": {"type": "integer", "minimum": 1, "maximum": 86400},
                            "startLimit": S}),
    "SinchAppView": obj({"key": S, "callbackUrl": {"type": "string", "nullable": True}, "returnFullCli": B, "acceptCustomCode": B,
                         "codeLength": I, "maxAttempts": I, "ttlSeconds": I, "startLimit": S},
                        ["key", "returnFullCli", "acceptCustomCode", "codeLength", "maxAttempts", "ttlSeconds", "startLimit"]),
    "ClientLimits": obj({"generateLimit": S, "validateLimit": S, "maxAttempts": {"type": "integer", "minimum": 1, "maximum": 100}}),
    "ClientView": obj({"id": S, "generateLimit": S, "validateLimit": S, "maxAttempts": I},
                      ["id", "generateLimit", "validateLimit", "maxAttempts"]),
}

V = "/verification/v1/verifications"
paths = {}
def add(path, method, o):
    paths.setdefault(path, {})[method] = o

# Sinch
add(V, "post", op("sinch", "Start a verification", {
    "200": resp("started", ref("SinchStartResponse"), headers={"Content-Language": {"schema": S}})},
    security=SINCH_SEC + [{"SinchPublic": []}], body=json_body(ref("SinchStartRequest")),
    params=[{"name": "Accept-Language", "in": "header", "required": False, "schema": S}],
    err="SinchError", errcodes=SINCH_ERR))
for kind, p in [("id", "id"), ("number", "endpoint")]:
    add(f"{V}/{kind}/{{{p}}}", "put", op("sinch", f"Report a code or CLI by {kind}",
        {"200": resp("report outcome", ref("SinchReportResponse"))}, security=SINCH_SEC,
        body=json_body(ref("SinchReportRequest")), params=[path_param(p)], err="SinchError", errcodes=SINCH_ERR))
add(f"{V}/id/{{id}}", "get", op("sinch", "Status by id", {"200": resp("status", ref("SinchStatus"))},
    security=SINCH_SEC, params=[path_param("id")], err="SinchError", errcodes=SINCH_ERR))
add(f"{V}/reference/{{reference}}", "get", op("sinch", "Status by reference", {"200": resp("status", ref("SinchStatus"))},
    security=SINCH_SEC, params=[path_param("reference")], err="SinchError", errcodes=SINCH_ERR))
add(f"{V}/{{method}}/number/{{endpoint}}", "get", op("sinch", "Status by method and number",
    {"200": resp("status", ref("SinchStatus"))}, security=SINCH_SEC,
    params=[path_param("method", {"type": "string", "enum": ["sms", "flashcall", "callout", "whatsapp", "seamless"]}), path_param("endpoint")],
    err="SinchError", errcodes=SINCH_ERR))

# Infobip
A = "/2fa/2/applications"
add(A, "get", op("infobip", "List applications", {"200": resp("applications", {"type": "array", "items": ref("InfobipApplication")})},
    security=INFOBIP_SEC, err="InfobipError", errcodes=INFOBIP_ERR))
add(A, "post", op("infobip", "Create an application", {"201": resp("created", ref("InfobipApplication"))},
    security=INFOBIP_SEC, body=json_body(ref("InfobipApplicationRequest")), err="InfobipError", errcodes=INFOBIP_ERR))
add(f"{A}/{{appId}}", "get", op("infobip", "Get an application", {"200": resp("application", ref("InfobipApplication"))},
    security=INFOBIP_SEC, params=[path_param("appId")], err="InfobipError", errcodes=INFOBIP_ERR))
add(f"{A}/{{appId}}", "put", op("infobip", "Update an application", {"200": resp("application", ref("InfobipApplication"))},
    security=INFOBIP_SEC, params=[path_param("appId")], body=json_body(ref("InfobipApplicationUpdate")), err="InfobipError", errcodes=INFOBIP_ERR))
add(f"{A}/{{appId}}/messages", "get", op("infobip", "List message templates", {"200": resp("templates", {"type": "array", "items": ref("InfobipMessage")})},
    security=INFOBIP_SEC, params=[path_param("appId")], err="InfobipError", errcodes=INFOBIP_ERR))
add(f"{A}/{{appId}}/messages", "post", op("infobip", "Create a message template", {"200": resp("template", ref("InfobipMessage"))},
    security=INFOBIP_SEC, params=[path_param("appId")], body=json_body(ref("InfobipMessageRequest")), err="InfobipError", errcodes=INFOBIP_ERR))
add(f"{A}/{{appId}}/messages/{{msgId}}", "get", op("infobip", "Get a message template", {"200": resp("template", ref("InfobipMessage"))},
    security=INFOBIP_SEC, params=[path_param("appId"), path_param("msgId")], err="InfobipError", errcodes=INFOBIP_ERR))
add(f"{A}/{{appId}}/messages/{{msgId}}", "put", op("infobip", "Update a message template", {"200": resp("template", ref("InfobipMessage"))},
    security=INFOBIP_SEC, params=[path_param("appId"), path_param("msgId")], body=json_body(ref("InfobipMessageUpdate")), err="InfobipError", errcodes=INFOBIP_ERR))
add(f"{A}/{{appId}}/email/messages", "post", op("infobip", "Create an email template", {"200": resp("template", ref("InfobipEmailMessage"))},
    security=INFOBIP_SEC, params=[path_param("appId")], body=json_body(ref("InfobipEmailMessageRequest")), err="InfobipError", errcodes=INFOBIP_ERR))
add(f"{A}/{{appId}}/email/messages/{{msgId}}", "put", op("infobip", "Update an email template", {"200": resp("template", ref("InfobipEmailMessage"))},
    security=INFOBIP_SEC, params=[path_param("appId"), path_param("msgId")], body=json_body(ref("InfobipEmailMessageUpdate")), err="InfobipError", errcodes=INFOBIP_ERR))
add(f"{A}/{{appId}}/verifications", "get", op("infobip", "Verification status", {"200": resp("status", ref("InfobipVerifications"))},
    security=INFOBIP_SEC, params=[path_param("appId"), query("msisdn", S, True), query("verified", B), query("sent", B)],
    err="InfobipError", errcodes=INFOBIP_ERR))
add("/2fa/2/pin", "post", op("infobip", "Send a PIN by SMS", {"200": resp("sent", ref("InfobipSmsSent"))},
    security=INFOBIP_SEC, params=[query("ncNeeded", B)], body=json_body(ref("InfobipSendRequest")), err="InfobipError", errcodes=INFOBIP_ERR))
add("/2fa/2/pin/voice", "post", op("infobip", "Send a PIN by voice", {"200": resp("sent", ref("InfobipVoiceSent"))},
    security=INFOBIP_SEC, body=json_body(ref("InfobipSendRequest")), err="InfobipError", errcodes=INFOBIP_ERR))
add("/2fa/2/pin/email", "post", op("infobip", "Send a PIN by email", {"200": resp("sent", ref("InfobipEmailSent"))},
    security=INFOBIP_SEC, body=json_body(ref("InfobipSendRequest")), err="InfobipError", errcodes=INFOBIP_ERR))
for suffix, schema, what in [("", "InfobipSmsSent", "SMS"), ("/voice", "InfobipVoiceSent", "voice"), ("/email", "InfobipEmailSent", "email")]:
    add(f"/2fa/2/pin/{{pinId}}/resend{suffix}", "post", op("infobip", f"Resend the same PIN by {what}", {"200": resp("sent", ref(schema))},
        security=INFOBIP_SEC, params=[path_param("pinId")], body=json_body(ref("InfobipResendRequest"), required=False),
        err="InfobipError", errcodes=INFOBIP_ERR))
add("/2fa/2/pin/{pinId}/verify", "post", op("infobip", "Verify a PIN", {"200": resp("outcome", ref("InfobipVerifyResponse"))},
    security=INFOBIP_SEC, params=[path_param("pinId")], body=json_body(ref("InfobipVerifyRequest")), err="InfobipError", errcodes=INFOBIP_ERR))

# Auth365
add("/oauth/token", "post", op("auth365", "Get or refresh an access token (RFC 6749)", {
    "200": resp("token", ref("TokenResponse"))}, security=[{"Auth365Client": []}],
    body={"required": True, "content": {"application/x-www-form-urlencoded": {"schema": ref("TokenRequest")}}},
    err="OAuthError", errcodes=[400, 401, 405, 413]))
add("/tokens/generate", "post", op("auth365", "Generate and send a PIN", {"200": resp("sent", ref("GenerateResponse"))},
    security=BEARER, body=json_body(ref("GenerateRequest")), err="Auth365Error", errcodes=A365_ERR))
add("/tokens/sendurl", "post", op("auth365", "Send a validation URL", {"200": resp("sent", ref("GenerateResponse"))},
    security=BEARER, body=json_body(ref("SendUrlRequest")), err="Auth365Error", errcodes=A365_ERR))
add("/tokens/validate", "post", op("auth365", "Validate a PIN", {"200": resp("outcome", ref("Outcome"))},
    security=BEARER, body=json_body(ref("ValidateRequest")), err="Auth365Error", errcodes=A365_ERR))
add("/tokens/{orderID}", "get", op("auth365", "Order status", {"200": resp("status", ref("OrderStatus"))},
    security=BEARER, params=[path_param("orderID")], err="Auth365Error", errcodes=A365_ERR))
add("/softtokens", "post", op("auth365", "Create a TOTP soft token", {"201": resp("created", ref("SoftTokenCreated"))},
    security=BEARER, body=json_body(ref("SoftTokenRequest")), err="Auth365Error", errcodes=A365_ERR))
add("/softtokens", "get", op("auth365", "List soft tokens (no secrets)", {"200": resp("list", {"type": "array", "items": ref("SoftToken")})},
    security=BEARER, params=[query("accountId", I), query("userId", S)], err="Auth365Error", errcodes=A365_ERR))
add("/softtokens/{id}/validate", "post", op("auth365", "Validate a TOTP code", {"200": resp("outcome", ref("Outcome"))},
    security=BEARER, params=[path_param("id")], body=json_body(ref("SoftTokenValidate")), err="Auth365Error", errcodes=A365_ERR))
add("/softtokens/{id}", "delete", op("auth365", "Delete a soft token", {"204": resp("deleted")},
    security=BEARER, params=[path_param("id")], err="Auth365Error", errcodes=A365_ERR))
html = {"type": "string"}
for m, summary, body in [("get", "Open a validation URL (one-step validates; two-step shows a form)", None),
                         ("post", "Submit the PIN of a two-step validation URL",
                          {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": obj({"pin": S}, ["pin"])}}})]:
    add("/v/{urlId}", m, op("auth365", summary, {
        "200": resp("page", html, "text/html"), "400": resp("wrong PIN (the form again)", html, "text/html"),
        "404": resp("unknown link", html, "text/html"), "405": resp("not a two-step link", html, "text/html"),
        "409": resp("already used", html, "text/html"), "410": resp("expired or failed", html, "text/html"),
        "413": resp("body too large", ref("Auth365Error"))}, security=[], body=body, params=[path_param("urlId")]))

# Sandbox
add("/sandbox/health", "get", op("sandbox", "Liveness", {"200": resp("ok", obj({"status": {"type": "string", "enum": ["ok"]}}, ["status"]))}, security=[]))
add("/sandbox/openapi.json", "get", op("sandbox", "This document", {"200": resp("OpenAPI 3.0", {"type": "object"})}, security=[]))
add("/sandbox/clock", "get", op("sandbox", "The sandbox clock", {"200": resp("clock", ref("Clock"))}, security=[]))
add("/sandbox/clock", "post", op("sandbox", "Advance the clock", {"200": resp("clock", ref("Clock"))}, security=[],
    body=json_body(obj({"advanceSeconds": {"type": "integer", "minimum": 0, "maximum": 316224000}}, ["advanceSeconds"], extra=False)),
    err="SandboxError", errcodes=SANDBOX_ERR))
add("/sandbox/outbox", "get", op("sandbox", "Messages sent (oldest first)", {"200": resp("messages", {"type": "array", "items": ref("OutboxEntry")})},
    security=[], params=[query("to", S)]))
add("/sandbox/outbox", "delete", op("sandbox", "Empty the outbox", {"204": resp("emptied")}, security=[]))
add("/sandbox/sinch/apps", "get", op("sandbox", "Sinch applications and options (no secrets)", {"200": resp("apps", {"type": "array", "items": ref("SinchAppView")})}, security=[]))
add("/sandbox/sinch/apps/{key}", "put", op("sandbox", "Set a Sinch application's options", {"200": resp("app", ref("SinchAppView"))},
    security=[], params=[path_param("key")], body=json_body(ref("SinchAppOptions")), err="SandboxError", errcodes=SANDBOX_ERR))
add("/sandbox/sinch/seamless/{id}", "get", op("sandbox", "Complete a seamless verification",
    {"200": resp("status", obj({"id": S, "status": S, "reason": S}, ["id", "status"]))}, security=[], params=[path_param("id")],
    err="SandboxError", errcodes=[404, 405]))
add("/sandbox/auth365/clients", "get", op("sandbox", "Auth365 clients and limits (no secrets)", {"200": resp("clients", {"type": "array", "items": ref("ClientView")})}, security=[]))
add("/sandbox/auth365/clients/{id}", "put", op("sandbox", "Set an Auth365 client's limits", {"200": resp("client", ref("ClientView"))},
    security=[], params=[path_param("id")], body=json_body(ref("ClientLimits")), err="SandboxError", errcodes=SANDBOX_ERR))

doc = {
    "openapi": "3.0.3",
    "info": {"title": "Watchword sandbox", "version": "0.1.0",
             "description": "Sinch Verification v1, Infobip 2FA and Authentication 365 on their real paths, plus the sandbox's own endpoints (no authentication; loopback only). Every error uses the error body of the API its path belongs to."},
    "servers": [{"url": "/"}],
    "paths": paths,
    "components": {"schemas": schemas, "securitySchemes": {
        "SinchBasic": {"type": "http", "scheme": "basic", "description": "applicationKey:applicationSecret"},
        "SinchSigned": {"type": "apiKey", "in": "header", "name": "Authorization",
                        "description": "Application {key}:{base64 HMAC-SHA256 signature}, with an x-timestamp header (at most 15 minutes off)"},
        "SinchPublic": {"type": "apiKey", "in": "header", "name": "Authorization",
                        "description": "Application {key}, start only, only for applications with a callback URL"},
        "InfobipApiKey": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "App {apiKey}"},
        "Auth365Client": {"type": "http", "scheme": "basic", "description": "client id:secret"},
        "Auth365Bearer": {"type": "http", "scheme": "bearer"},
    }},
}
out = pathlib.Path(__file__).resolve().parent.parent / "src" / "openapi.json"
out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {out} ({len(paths)} paths)")
