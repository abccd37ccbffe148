// Sinch's official Node.js SDK (`@sinch/verification`, signed requests) against the
// sandbox, unchanged but for the base URL: start, report by id and by identity, status
// by id, reference and identity, flash call by CLI, wrong credentials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { VerificationService, Verification } from '@sinch/verification';

const BASE = process.env.SANDBOX_BASE;
const TOKEN = process.env.SANDBOX_TOKEN;

function service(applicationSecret = process.env.SANDBOX_SINCH_SECRET) {
  return new VerificationService({
    applicationKey: process.env.SANDBOX_SINCH_KEY,
    applicationSecret,
    // The one change a backend makes to test against the sandbox: the base URL.
    verificationHostname: BASE,
  });
}

async function lastCode(to) {
  const answer = await fetch(`${BASE}/sandbox/outbox?to=${encodeURIComponent(to)}`, {
    headers: { 'X-Sandbox-Token': TOKEN },
  });
  const messages = await answer.json();
  assert.ok(messages.length, `nothing in the outbox for ${to}`);
  return messages.at(-1).code;
}

const { startVerificationHelper, reportVerificationByIdHelper, reportVerificationByIdentityHelper } = Verification;

test('sms: start, report by id, status by id and by reference', async () => {
  const sinch = service();
  const reference = `node-${randomUUID()}`;
  const started = await sinch.verifications.startSms(
    startVerificationHelper.buildSmsRequest('+46700003001', reference),
  );
  assert.equal(started.method, 'sms');
  assert.equal(started.id.length, 32);
  assert.equal(started.sms.interceptionTimeout, 298);
  assert.match(started.sms.template, /\{\{CODE\}\}/);
  const code = await lastCode('+46700003001');
  const wrong = await sinch.verifications.reportSmsById(
    reportVerificationByIdHelper.buildSmsRequest(started.id, code === '0000' ? '1111' : '0000'),
  );
  assert.equal(wrong.status, 'FAIL');
  assert.equal(wrong.reason, 'Invalid code');
  const right = await sinch.verifications.reportSmsById(
    reportVerificationByIdHelper.buildSmsRequest(started.id, code),
  );
  assert.equal(right.status, 'SUCCESSFUL');
  const byId = await sinch.verificationStatus.getById({ id: started.id });
  assert.equal(byId.status, 'SUCCESSFUL');
  assert.equal(byId.reference, reference);
  assert.deepEqual(byId.identity, { type: 'number', endpoint: '+46700003001' });
  assert.equal(byId.price.verificationPrice.currencyId, 'EUR');
  const byReference = await sinch.verificationStatus.getByReference({ reference });
  assert.equal(byReference.id, started.id);
});

test('report and status by identity', async () => {
  const sinch = service();
  const started = await sinch.verifications.startSms(
    startVerificationHelper.buildSmsRequest('+46700003002'),
  );
  const pending = await sinch.verificationStatus.getByIdentity({ endpoint: '+46700003002', method: 'sms' });
  assert.equal(pending.id, started.id);
  assert.equal(pending.status, 'PENDING');
  const code = await lastCode('+46700003002');
  const done = await sinch.verifications.reportSmsByIdentity(
    reportVerificationByIdentityHelper.buildSmsRequest('+46700003002', code),
  );
  assert.equal(done.status, 'SUCCESSFUL');
});

test('flash call reported by its CLI', async () => {
  const sinch = service();
  const started = await sinch.verifications.startFlashCall(
    startVerificationHelper.buildFlashCallRequest('+46700003003', undefined, 10),
  );
  assert.equal(started.method, 'flashcall');
  assert.match(started.flashCall.cliFilter, /^\(\.\*\)\d{4}\(\.\*\)$/);
  const cli = await lastCode('+46700003003');
  const done = await sinch.verifications.reportFlashCallById(
    reportVerificationByIdHelper.buildFlashCallRequest(started.id, cli),
  );
  assert.equal(done.status, 'SUCCESSFUL');
});

test('an injected outcome and an unknown id', async () => {
  const sinch = service();
  const started = await sinch.verifications.startSms(
    startVerificationHelper.buildSmsRequest('+99910000008'),
  );
  const status = await sinch.verificationStatus.getById({ id: started.id });
  assert.equal(status.status, 'FAIL');
  assert.equal(status.reason, 'SMS delivery failure');
  await assert.rejects(sinch.verificationStatus.getById({ id: '0'.repeat(32) }), /404/);
});

test('wrong credentials are refused', async () => {
  const sinch = service('d3Jvbmctc2VjcmV0');
  await assert.rejects(
    sinch.verifications.startSms(startVerificationHelper.buildSmsRequest('+46700003005')),
    /401/,
  );
});
