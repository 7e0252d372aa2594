// Runs the context authorizer (policy/ZeroTrust.Policy/Blueprints/Authorizer/context-authorizer.mjs) against the shared
// case table (cases.json, also read by the C# tests) and a local JWKS: RSA keys generated here, fetch injected.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHmac, generateKeyPairSync, sign, constants } from 'node:crypto';
import {
  createAuthorizer, contextDenial, handler, parseAddress, parseCidr, CONFIG_VARIABLE, CONTEXT_KEYS,
} from '../../policy/ZeroTrust.Policy/Blueprints/Authorizer/context-authorizer.mjs';

const cases = JSON.parse(readFileSync(new URL('./cases.json', import.meta.url), 'utf8'));
const fixture = cases.tokenFixture;
const policy = name => cases.policies[name];

// ------------------------------------------------------------------ keys and the local issuer

const rsa = bits => generateKeyPairSync('rsa', { modulusLength: bits });
const main = rsa(2048);
const attacker = rsa(2048);
const weak = rsa(1024);
const jwk = (pair, extra) => ({ ...pair.publicKey.export({ format: 'jwk' }), ...extra });
const JWKS_URI = 'https://issuer.example.test/jwks.json';
const jwks = {
  keys: [
    jwk(main, { kid: fixture.kid, alg: 'RS256', use: 'sig' }),
    jwk(main, { kid: 'rs384-key', alg: 'RS384', use: 'sig' }),
    jwk(main, { kid: 'enc-key', use: 'enc' }),
    jwk(weak, { kid: 'weak-key', alg: 'RS256' }),
    jwk(main, { kid: 'no-alg-key' }),
  ],
};

/** A fetch serving the issuer's discovery document and key set; records the URLs it was asked for. */
function localIssuer({ discovery = { issuer: fixture.issuer, jwks_uri: JWKS_URI }, keys = jwks, fail = null } = {}) {
  const calls = [];
  const fetch = async url => {
    calls.push(url);
    if (fail) return fail(url);
    const body = url === `${fixture.issuer}/.well-known/openid-configuration` ? discovery : url === JWKS_URI ? keys : null;
    if (!body) return { ok: false, status: 404, json: async () => ({}) };
    return { ok: true, status: 200, json: async () => structuredClone(body) };
  };
  return { fetch, calls };
}

const b64 = value => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Resolves "now+N" / "now-N" and drops null-valued keys. */
function claimsAt(overrides, nowSeconds) {
  const claims = { ...fixture.claims, ...overrides };
  for (const [key, value] of Object.entries(claims)) {
    if (value === null) delete claims[key];
    else if (typeof value === 'string' && /^now[+-]\d+$/.test(value)) claims[key] = nowSeconds + Number(value.slice(3));
  }
  return claims;
}

function token({ header = {}, claims = {}, signing = 'rs256' } = {}, nowSeconds) {
  const fullHeader = { alg: 'RS256', typ: 'JWT', kid: fixture.kid, ...header };
  for (const [key, value] of Object.entries(fullHeader)) if (value === null) delete fullHeader[key];
  const body = claimsAt(claims, nowSeconds);
  const signed = `${b64(fullHeader)}.${b64(body)}`;
  const key = fullHeader.kid === 'weak-key' ? weak.privateKey : main.privateKey;
  const signature = {
    rs256: () => sign('sha256', Buffer.from(signed), key),
    tampered: () => sign('sha256', Buffer.from(signed), key),
    'other-key': () => sign('sha256', Buffer.from(signed), attacker.privateKey),
    none: () => Buffer.alloc(0),
    'hs256-public-key': () => createHmac('sha256', main.publicKey.export({ format: 'pem', type: 'spki' })).update(signed).digest(),
    rs384: () => sign('sha384', Buffer.from(signed), key),
    rs512: () => sign('sha512', Buffer.from(signed), key),
    ps256: () => sign('sha256', Buffer.from(signed), { key, padding: constants.RSA_PKCS1_PSS_PADDING }),
  }[signing]();
  const payload = signing === 'tampered' ? b64({ ...body, scope: 'read write delete' }) : b64(body);
  return `${b64(fullHeader)}.${payload}.${signature.toString('base64url')}`;
}

function event(overrides = {}, authorization) {
  const base = { ...fixture.event, ...overrides };
  const requestContext = {
    domainName: base.domainName,
    http: { method: base.routeKey.split(' ')[0], path: '/reports', protocol: 'HTTP/1.1', sourceIp: base.sourceIp ?? undefined },
    requestId: 'req-1',
    routeKey: base.routeKey,
  };
  if (base.clientCert) {
    requestContext.authentication = { clientCert: { clientCertPem: 'CERT', issuerDN: 'CN=Device CA', ...base.clientCert } };
  }
  const headers = authorization === null ? {} : { authorization };
  return {
    version: '2.0', type: 'REQUEST', routeKey: base.routeKey, routeArn: 'arn:aws:execute-api:eu-central-1:123456789012:a1b2c3/$default/GET/reports',
    identitySource: authorization === null ? undefined : [authorization], headers, requestContext,
  };
}

function authorizer({ now = fixture.now, issuer = localIssuer(), config = fixture.config, logs = [] } = {}) {
  return createAuthorizer({ config, fetch: issuer.fetch, now: () => Date.parse(now), log: line => logs.push(line) });
}

/** Runs one row of the token table through the handler. */
async function run(row) {
  const now = row.now ?? fixture.now;
  const nowSeconds = Math.floor(Date.parse(now) / 1000);
  const jwt = token(row, nowSeconds);
  const authorization = row.authorization === null ? null
    : row.authorization === 'bare' ? jwt
      : row.authorization ?? `Bearer ${jwt}`;
  return authorizer({ now })(event(row.event, authorization));
}

// ------------------------------------------------------------------ the shared table

describe('context cases (shared with ContextAuthorizerBlueprint.Denial)', () => {
  for (const row of cases.context) {
    test(row.name, () => {
      assert.equal(contextDenial(policy(row.policy), row.source, new Date(row.at)), row.reason);
    });
  }
});

describe('token cases through the handler', () => {
  for (const row of cases.tokens) {
    test(row.name, async () => {
      const response = await run(row);
      assert.equal(response.context[CONTEXT_KEYS.denyReason], row.reason ?? '');
      assert.equal(response.isAuthorized, row.reason === null || row.reason === undefined);
    });
  }
});

test('context cases also decide through the handler with a valid token', async () => {
  for (const row of cases.context.filter(r => cases.policies[r.policy].timeWindows.length === 0).slice(0, 6)) {
    const config = { ...fixture.config, mutualTlsDomains: [], routes: { 'GET /reports': { scopes: ['read'], ...policy(row.policy) } } };
    const nowSeconds = Math.floor(Date.parse(row.at) / 1000);
    const response = await authorizer({ now: row.at, config })(event({ sourceIp: row.source }, `Bearer ${token({}, nowSeconds)}`));
    assert.equal(response.context.denyReason, row.reason ?? '', row.name);
  }
});

// ------------------------------------------------------------------ response shape and logging

test('an allowed request carries principal and client certificate, all context values strings', async () => {
  const response = await run({});
  assert.deepEqual(response, {
    isAuthorized: true,
    context: { principal: 'user-1', denyReason: '', clientCertSubjectDN: 'CN=device-42,O=Example Devices', clientCertSerialNumber: '0a:1b:2c:3d' },
  });
});

test('a denial after verification names the verified principal; before verification none', async () => {
  const outside = await run({ event: { sourceIp: '198.51.100.7' } });
  assert.equal(outside.context.principal, 'user-1');
  const forged = await run({ signing: 'other-key', claims: { sub: 'admin' } });
  assert.equal(forged.context.principal, '');
});

test('the token is never logged; the decision, reason and source are', async () => {
  const logs = [];
  const nowSeconds = Math.floor(Date.parse(fixture.now) / 1000);
  const jwt = token({ claims: { scope: 'nothing' } }, nowSeconds);
  await authorizer({ logs })(event({}, `Bearer ${jwt}`));
  assert.equal(logs.length, 1);
  for (const part of jwt.split('.')) assert.ok(!logs[0].includes(part));
  assert.deepEqual(JSON.parse(logs[0]), {
    decision: 'deny', routeKey: 'GET /reports', sourceIp: '203.0.113.7', requestId: 'req-1',
    principal: 'user-1', denyReason: 'missing_scope', clientCertSubjectDN: 'CN=device-42,O=Example Devices', clientCertSerialNumber: '0a:1b:2c:3d',
  });
});

// ------------------------------------------------------------------ the issuer's keys: failures deny, cache, rotation

const validEvent = () => event({}, `Bearer ${token({}, Math.floor(Date.parse(fixture.now) / 1000))}`);

test('JWKS fetch failure (network) denies', async () => {
  const issuer = localIssuer({ fail: () => { throw new TypeError('fetch failed'); } });
  const response = await authorizer({ issuer })(validEvent());
  assert.deepEqual([response.isAuthorized, response.context.denyReason], [false, 'jwks_unavailable']);
});

test('JWKS answering 500 denies', async () => {
  const issuer = localIssuer({ fail: () => ({ ok: false, status: 500, json: async () => ({}) }) });
  assert.equal((await authorizer({ issuer })(validEvent())).context.denyReason, 'jwks_unavailable');
});

test('a body that is not JSON denies', async () => {
  const issuer = localIssuer({ fail: () => ({ ok: true, status: 200, json: async () => { throw new SyntaxError('bad'); } }) });
  assert.equal((await authorizer({ issuer })(validEvent())).context.denyReason, 'jwks_unavailable');
});

test('a discovery document for another issuer denies', async () => {
  const issuer = localIssuer({ discovery: { issuer: 'https://attacker.example.test', jwks_uri: JWKS_URI } });
  assert.equal((await authorizer({ issuer })(validEvent())).context.denyReason, 'jwks_unavailable');
});

test('a jwks_uri that is not https denies', async () => {
  const issuer = localIssuer({ discovery: { issuer: fixture.issuer, jwks_uri: 'http://issuer.example.test/jwks.json' } });
  assert.equal((await authorizer({ issuer })(validEvent())).context.denyReason, 'jwks_unavailable');
});

test('a key set without keys denies', async () => {
  const issuer = localIssuer({ keys: { nokeys: true } });
  assert.equal((await authorizer({ issuer })(validEvent())).context.denyReason, 'jwks_unavailable');
});

test('the key set is cached in the execution environment', async () => {
  const issuer = localIssuer();
  const authorize = authorizer({ issuer });
  assert.equal((await authorize(validEvent())).isAuthorized, true);
  assert.equal((await authorize(validEvent())).isAuthorized, true);
  assert.deepEqual(issuer.calls, [`${fixture.issuer}/.well-known/openid-configuration`, JWKS_URI]);
});

test('an unknown kid refetches the key set at most once a minute (rotation without amplification)', async () => {
  const issuer = localIssuer();
  let now = Date.parse(fixture.now);
  const authorize = createAuthorizer({ config: fixture.config, fetch: issuer.fetch, now: () => now, log: () => {} });
  const unknown = () => event({}, `Bearer ${token({ header: { kid: 'rotated' } }, Math.floor(now / 1000))}`);
  assert.equal((await authorize(unknown())).context.denyReason, 'unknown_kid');
  assert.equal((await authorize(unknown())).context.denyReason, 'unknown_kid');
  assert.equal(issuer.calls.length, 2);
  jwks.keys.push(jwk(main, { kid: 'rotated', alg: 'RS256' }));
  try {
    now += 61_000;
    assert.equal((await authorize(unknown())).isAuthorized, true);
    assert.equal(issuer.calls.length, 4);
  } finally {
    jwks.keys.pop();
  }
});

test('a failed refresh is not retried within the minute', async () => {
  let down = false;
  const issuer = localIssuer();
  const fetch = async url => {
    if (down) { issuer.calls.push(url); throw new TypeError('fetch failed'); }
    return issuer.fetch(url);
  };
  let now = Date.parse(fixture.now);
  const authorize = createAuthorizer({ config: fixture.config, fetch, now: () => now, log: () => {} });
  const unknown = () => event({}, `Bearer ${token({ header: { kid: 'rotated' } }, Math.floor(now / 1000))}`);
  assert.equal((await authorize(unknown())).context.denyReason, 'unknown_kid');
  down = true;
  now += 61_000;
  assert.equal((await authorize(unknown())).context.denyReason, 'jwks_unavailable');
  assert.equal((await authorize(unknown())).context.denyReason, 'unknown_kid');
  assert.equal(issuer.calls.length, 3);
});

// ------------------------------------------------------------------ configuration: missing or broken denies

test('the Lambda handler without its configuration variable denies every request', async () => {
  delete process.env[CONFIG_VARIABLE];
  const original = console.log;
  console.log = () => {};
  try {
    const response = await handler(validEvent());
    assert.deepEqual([response.isAuthorized, response.context.denyReason], [false, 'config_error']);
  } finally {
    console.log = original;
  }
});

for (const [name, config] of [
  ['not JSON', '{"issuer":'],
  ['no audiences', JSON.stringify({ ...fixture.config, audiences: [] })],
  ['an http issuer', JSON.stringify({ ...fixture.config, issuer: 'http://issuer.example.test' })],
  ['no clock skew', JSON.stringify({ ...fixture.config, clockSkewSeconds: undefined })],
  ['a route without scopes', JSON.stringify({ ...fixture.config, routes: { 'GET /reports': { scopes: [], allowedSourceCidrs: ['203.0.113.0/24'] } } })],
  ['a malformed CIDR', JSON.stringify({ ...fixture.config, routes: { 'GET /reports': { scopes: ['read'], allowedSourceCidrs: ['203.0.113.0/33'] } } })],
  ['an unknown time zone', JSON.stringify({ ...fixture.config, routes: { 'GET /reports': { scopes: ['read'], timeWindows: [{ days: ['Monday'], start: '08:00:00', end: '18:00:00', timeZone: 'Mars/Olympus_Mons' }] } } })],
  ['an unknown day', JSON.stringify({ ...fixture.config, routes: { 'GET /reports': { scopes: ['read'], timeWindows: [{ days: ['Funday'], start: '08:00:00', end: '18:00:00', timeZone: 'Europe/Berlin' }] } } })],
  ['an empty window', JSON.stringify({ ...fixture.config, routes: { 'GET /reports': { scopes: ['read'], timeWindows: [{ days: ['Monday'], start: '08:00', end: '08:00:00', timeZone: 'Europe/Berlin' }] } } })],
]) {
  test(`a configuration with ${name} denies with config_error`, async () => {
    const response = await authorizer({ config: () => config })(validEvent());
    assert.deepEqual([response.isAuthorized, response.context.denyReason], [false, 'config_error']);
  });
}

test('an event without requestContext or routeKey denies', async () => {
  const response = await authorizer()({});
  assert.deepEqual([response.isAuthorized, response.context.denyReason], [false, 'route_not_configured']);
});

test('a malformed source address denies', () => {
  assert.equal(contextDenial(policy('office'), 'not-an-ip', new Date(fixture.now)), 'source_not_allowed');
  assert.equal(contextDenial(policy('office'), 'fe80::1%eth0', new Date(fixture.now)), 'source_not_allowed');
});

// ------------------------------------------------------------------ address parsing the CIDR check rests on

test('addresses parse to the same value in every spelling', () => {
  assert.deepEqual(parseAddress('::ffff:203.0.113.9'), parseAddress('203.0.113.9'));
  assert.deepEqual(parseAddress('2001:db8::1'), parseAddress('2001:0DB8:0:0:0:0:0:1'));
  assert.deepEqual(parseAddress('::'), { v6: true, value: 0n });
  assert.deepEqual(parseAddress('1::'), { v6: true, value: 1n << 112n });
  assert.equal(parseAddress('010.0.0.1'), null);
  assert.equal(parseAddress('10'), null);
});

test('CIDRs parse with their prefix, masked', () => {
  assert.deepEqual(parseCidr('203.0.113.0/24'), { v6: false, network: 0xcb007100n, prefix: 24, max: 32 });
  assert.equal(parseCidr('203.0.113.0/33'), null);
  assert.equal(parseCidr('2001:db8::/129'), null);
  assert.equal(parseCidr('2001:db8::/-1'), null);
  assert.equal(parseCidr('office'), null);
});
