// The context authorizer: an API Gateway HTTP API Lambda REQUEST authorizer (payload format 2.0, simple responses)
// for routes that declare a source-network or time policy. A route takes one authorizer, so this function does the
// managed JWT authorizer's job too (API Gateway Developer Guide, "Control access to HTTP APIs with JWT authorizers":
// RSA signature from the issuer's jwks_uri, kid, iss, aud or client_id, exp, nbf, iat, scope or scp) and then checks
// the route's scopes, the TCP source address, the weekly time windows and the mutual-TLS client certificate.
// Reference semantics: ContextAuthorizerBlueprint.IsAllowed (C#); both sides run tests/authorizer/cases.json.
// No dependencies: node:crypto and the global fetch. Every error denies. The token is never logged.

import { createPublicKey, verify } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** The environment variable holding the JSON written by ContextAuthorizerBlueprint.ConfigJson. */
export const CONFIG_VARIABLE = 'ZT_CONTEXT_AUTHORIZER_CONFIG';

/** The keys of the simple response's context; the stage access log reads them as $context.authorizer.<key>. */
export const CONTEXT_KEYS = Object.freeze({
  principal: 'principal',
  denyReason: 'denyReason',
  clientCertSubject: 'clientCertSubjectDN',
  clientCertSerial: 'clientCertSerialNumber',
});

const JWKS_TTL_MS = 60 * 60 * 1000;         // keys are re-read hourly
const JWKS_REFRESH_MIN_MS = 60 * 1000;      // an unknown kid refetches at most once a minute (no amplification)
const FETCH_TIMEOUT_MS = 3000;
const MIN_RSA_BITS = 2048;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

class Deny extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

const deny = reason => { throw new Deny(reason); };

// ---------------------------------------------------------------- addresses

/** An IPv4 or IPv6 address as { v6, value: BigInt }; IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes IPv4. Null if malformed. */
export function parseAddress(text) {
  if (typeof text !== 'string') return null;
  if (isIPv4(text)) return { v6: false, value: ipv4Value(text) };
  if (!isIPv6(text) || text.includes('%')) return null;
  let [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const expand = part => {
    if (!part) return [];
    const groups = part.split(':');
    const last = groups[groups.length - 1];
    if (last.includes('.')) {
      const v4 = ipv4Value(last);
      groups.splice(groups.length - 1, 1, ((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
    }
    return groups;
  };
  const first = expand(head);
  const rest = tail === null ? [] : expand(tail);
  const zeros = tail === null ? [] : Array(8 - first.length - rest.length).fill('0');
  const groups = [...first, ...zeros, ...rest];
  if (groups.length !== 8) return null;
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  if (value >> 32n === 0xffffn) return { v6: false, value: value & 0xffffffffn };
  return { v6: true, value };
}

function ipv4Value(text) {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

/** A CIDR as { v6, network, prefix }; null if malformed. */
export function parseCidr(text) {
  if (typeof text !== 'string') return null;
  const slash = text.indexOf('/');
  const address = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (!address) return null;
  const max = address.v6 ? 128 : 32;
  const prefixText = slash < 0 ? String(max) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > max) return null;
  return { v6: address.v6, network: mask(address.value, prefix, max), prefix, max };
}

function mask(value, prefix, max) {
  const hostBits = BigInt(max - prefix);
  return (value >> hostBits) << hostBits;
}

/** True when the source address lies in one of the CIDRs. */
export function sourceAllowed(cidrs, sourceIp) {
  const address = parseAddress(sourceIp);
  if (!address) return false;
  return cidrs.some(text => {
    const cidr = parseCidr(text);
    if (!cidr) throw new Error('config: bad CIDR');
    return cidr.v6 === address.v6 && mask(address.value, cidr.prefix, cidr.max) === cidr.network;
  });
}

// ---------------------------------------------------------------- time windows

const formatters = new Map();

/** The wall-clock day (0 = Sunday) and second of day at instant `date` in IANA zone `timeZone`. */
export function localTime(date, timeZone) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map(p => [p.type, p.value]));
  const day = SHORT_DAYS.indexOf(parts.weekday);
  if (day < 0) throw new Error('time: unexpected weekday');
  return { day, seconds: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second) };
}

function secondsOf(text) {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text ?? '');
  if (!match) throw new Error('config: bad time');
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

/**
 * True when `date` falls in the window: on one of its days from start (inclusive) to end (exclusive) in its zone's
 * wall-clock time; a window whose end is before its start runs across midnight into the next day.
 */
export function inWindow(window, date) {
  const days = window.days.map(name => {
    const index = DAYS.indexOf(name);
    if (index < 0) throw new Error('config: bad day');
    return index;
  });
  const start = secondsOf(window.start);
  const end = secondsOf(window.end);
  const { day, seconds } = localTime(date, window.timeZone);
  if (start < end) return days.includes(day) && seconds >= start && seconds < end;
  if (start > end) return (days.includes(day) && seconds >= start) || (days.includes((day + 6) % 7) && seconds < end);
  throw new Error('config: empty window');
}

/** The reference semantics of ContextAuthorizerBlueprint.IsAllowed: null when allowed, else the deny reason. */
export function contextDenial(policy, sourceIp, date) {
  const cidrs = policy.allowedSourceCidrs ?? [];
  const windows = policy.timeWindows ?? [];
  if (cidrs.length > 0 && !sourceAllowed(cidrs, sourceIp)) return 'source_not_allowed';
  if (windows.length > 0 && !windows.some(w => inWindow(w, date))) return 'outside_time_window';
  return null;
}

// ---------------------------------------------------------------- JWT

const B64URL = /^[A-Za-z0-9_-]+$/;

function decodeSegment(segment) {
  if (!B64URL.test(segment)) deny('malformed_token');
  return Buffer.from(segment, 'base64url');
}

function decodeJson(segment) {
  let value;
  try {
    value = JSON.parse(decodeSegment(segment).toString('utf8'));
  } catch (error) {
    if (error instanceof Deny) throw error;
    deny('malformed_token');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) deny('malformed_token');
  return value;
}

/** The bearer token from the identity source (the Authorization header): the token alone or "Bearer <token>". */
function bearerToken(event) {
  let value = Array.isArray(event.identitySource) ? event.identitySource[0] : undefined;
  if (typeof value !== 'string') {
    const headers = event.headers ?? {};
    const key = Object.keys(headers).find(k => k.toLowerCase() === 'authorization');
    value = key ? headers[key] : undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') deny('missing_token');
  const match = /^Bearer +(.+)$/i.exec(value.trim());
  return match ? match[1] : value.trim();
}

function createJwks(config, fetchImpl, now) {
  const cache = { keys: null, fetchedAt: 0, attemptedAt: 0 };

  async function getJson(url) {
    let response;
    try {
      response = await fetchImpl(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
    } catch {
      deny('jwks_unavailable');
    }
    if (!response || !response.ok) deny('jwks_unavailable');
    try {
      return await response.json();
    } catch {
      deny('jwks_unavailable');
    }
  }

  async function load() {
    cache.attemptedAt = now();
    const discovery = await getJson(`${config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    // OpenID Connect Discovery 1.0 §4.3: the document's issuer must equal the issuer it was fetched for.
    if (discovery?.issuer !== config.issuer) deny('jwks_unavailable');
    const jwksUri = discovery.jwks_uri;
    if (typeof jwksUri !== 'string' || !jwksUri.startsWith('https://')) deny('jwks_unavailable');
    const jwks = await getJson(jwksUri);
    if (!Array.isArray(jwks?.keys)) deny('jwks_unavailable');
    cache.keys = jwks.keys;
    cache.fetchedAt = now();
  }

  return async function keyFor(kid) {
    if (!cache.keys || now() - cache.fetchedAt > JWKS_TTL_MS) await load();
    let jwk = cache.keys.find(k => k && k.kid === kid);
    if (!jwk && now() - cache.attemptedAt > JWKS_REFRESH_MIN_MS) {
      await load();  // key rotation: the issuer may have published the key since we last read the set
      jwk = cache.keys.find(k => k && k.kid === kid);
    }
    if (!jwk) deny('unknown_kid');
    return jwk;
  };
}

async function verifyToken(token, config, keyFor, nowSeconds) {
  const parts = token.split('.');
  if (parts.length !== 3) deny('malformed_token');
  const header = decodeJson(parts[0]);
  const claims = decodeJson(parts[1]);
  // RS256 only: refuses "none", HS* (HMAC keyed with the public key) and every other algorithm.
  if (header.alg !== 'RS256') deny('unsupported_alg');
  if (header.crit !== undefined) deny('unsupported_alg');
  const signature = decodeSegment(parts[2]);
  if (typeof header.kid !== 'string' || header.kid === '') deny('unknown_kid');
  const jwk = await keyFor(header.kid);
  if (jwk.kty !== 'RSA' || (jwk.alg !== undefined && jwk.alg !== header.alg) || (jwk.use !== undefined && jwk.use !== 'sig')) {
    deny('unsupported_alg');
  }
  let key;
  try {
    key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  } catch {
    deny('unknown_kid');
  }
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) deny('unsupported_alg');
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
  if (!verify('sha256', signed, key, signature)) deny('bad_signature');

  const skew = config.clockSkewSeconds;
  if (claims.iss !== config.issuer) deny('wrong_issuer');
  // API Gateway reads aud when present and client_id (Cognito access tokens) only when aud is absent.
  if (claims.aud !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some(a => typeof a === 'string' && config.audiences.includes(a))) deny('wrong_audience');
  } else if (typeof claims.client_id !== 'string' || !config.audiences.includes(claims.client_id)) {
    deny('wrong_audience');
  }
  if (typeof claims.exp !== 'number' || nowSeconds >= claims.exp + skew) deny('expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || nowSeconds < claims.nbf - skew)) deny('not_yet_valid');
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || nowSeconds < claims.iat - skew)) deny('not_yet_valid');
  return claims;
}

/** The token's scopes: "scope" (space-separated string) and "scp" (array or string). */
function tokenScopes(claims) {
  const scopes = new Set();
  const add = value => {
    if (typeof value === 'string') value.split(' ').filter(Boolean).forEach(s => scopes.add(s));
    else if (Array.isArray(value)) value.filter(s => typeof s === 'string').forEach(s => scopes.add(s));
  };
  add(claims.scope);
  add(claims.scp);
  return scopes;
}

// ---------------------------------------------------------------- configuration

/** Parses and checks the configuration JSON; throws on anything missing or malformed. */
export function parseConfig(text) {
  const config = JSON.parse(text);
  const strings = value => Array.isArray(value) && value.length > 0 && value.every(v => typeof v === 'string' && v !== '');
  if (typeof config?.issuer !== 'string' || !config.issuer.startsWith('https://')) throw new Error('config: issuer');
  if (!strings(config.audiences)) throw new Error('config: audiences');
  if (!Number.isInteger(config.clockSkewSeconds) || config.clockSkewSeconds < 0 || config.clockSkewSeconds > 300) {
    throw new Error('config: clockSkewSeconds');
  }
  if (config.mutualTlsDomains !== undefined && !Array.isArray(config.mutualTlsDomains)) throw new Error('config: mutualTlsDomains');
  if (config.routes === null || typeof config.routes !== 'object' || Object.keys(config.routes).length === 0) {
    throw new Error('config: routes');
  }
  for (const route of Object.values(config.routes)) {
    if (!strings(route?.scopes)) throw new Error('config: scopes');
    for (const cidr of route.allowedSourceCidrs ?? []) if (!parseCidr(cidr)) throw new Error('config: CIDR');
    for (const window of route.timeWindows ?? []) {
      if (!Array.isArray(window?.days) || window.days.length === 0 || !window.days.every(d => DAYS.includes(d))) {
        throw new Error('config: days');
      }
      if (secondsOf(window.start) === secondsOf(window.end)) throw new Error('config: empty window');
      localTime(new Date(0), window.timeZone);  // throws RangeError for a zone this runtime does not know
    }
  }
  return config;
}

// ---------------------------------------------------------------- handler

function clientCertificate(event) {
  const cert = event?.requestContext?.authentication?.clientCert;
  return cert && typeof cert === 'object' ? cert : null;
}

/**
 * Builds the authorizer. `config` is the parsed configuration or a thunk returning it (a throw denies every request),
 * `fetch` reads the issuer's discovery document and key set, `now` gives milliseconds since the epoch, `log` receives
 * one JSON line per decision (never the token).
 */
export function createAuthorizer({ config, fetch: fetchImpl = globalThis.fetch, now = Date.now, log = line => console.log(line) } = {}) {
  let resolved;
  let keyFor;
  const getConfig = () => {
    if (!resolved) {
      const text = typeof config === 'function' ? config() : config;
      resolved = parseConfig(typeof text === 'string' ? text : JSON.stringify(text));
      keyFor = createJwks(resolved, fetchImpl, now);
    }
    return resolved;
  };

  return async function authorize(event) {
    const cert = clientCertificate(event);
    const context = {
      [CONTEXT_KEYS.principal]: '',
      [CONTEXT_KEYS.denyReason]: '',
      [CONTEXT_KEYS.clientCertSubject]: typeof cert?.subjectDN === 'string' ? cert.subjectDN : '',
      [CONTEXT_KEYS.clientCertSerial]: typeof cert?.serialNumber === 'string' ? cert.serialNumber : '',
    };
    const routeKey = typeof event?.routeKey === 'string' ? event.routeKey : '';
    const sourceIp = event?.requestContext?.http?.sourceIp;
    let isAuthorized = false;
    try {
      let cfg;
      try {
        cfg = getConfig();
      } catch {
        resolved = undefined;
        deny('config_error');
      }
      const route = Object.hasOwn(cfg.routes, routeKey) ? cfg.routes[routeKey] : undefined;
      if (!route) deny('route_not_configured');

      // Device identity first: it needs no network call, and a request that skipped mutual TLS says nothing more.
      const domains = (cfg.mutualTlsDomains ?? []).map(d => d.toLowerCase());
      if (domains.length > 0) {
        const domain = String(event?.requestContext?.domainName ?? '').toLowerCase();
        if (!domains.includes(domain)) deny('not_mutual_tls_domain');
        if (!cert || typeof cert.subjectDN !== 'string' || cert.subjectDN === '') deny('missing_client_certificate');
      }

      const claims = await verifyToken(bearerToken(event), cfg, keyFor, Math.floor(now() / 1000));
      context[CONTEXT_KEYS.principal] = typeof claims.sub === 'string' ? claims.sub : '';
      const scopes = tokenScopes(claims);
      if (!route.scopes.some(s => scopes.has(s))) deny('missing_scope');

      const reason = contextDenial(route, sourceIp, new Date(now()));
      if (reason) deny(reason);
      isAuthorized = true;
    } catch (error) {
      context[CONTEXT_KEYS.denyReason] = error instanceof Deny ? error.reason : 'internal_error';
    }
    log(JSON.stringify({
      decision: isAuthorized ? 'allow' : 'deny',
      routeKey,
      sourceIp: typeof sourceIp === 'string' ? sourceIp : '',
      requestId: event?.requestContext?.requestId ?? '',
      ...context,
    }));
    return { isAuthorized, context };
  };
}

let defaultAuthorizer;

/** The Lambda entry point ("index.handler"): configuration from the environment, the global fetch, the system clock. */
export async function handler(event) {
  defaultAuthorizer ??= createAuthorizer({
    config: () => {
      const text = process.env[CONFIG_VARIABLE];
      if (!text) throw new Error(`config: ${CONFIG_VARIABLE} is not set`);
      return text;
    },
  });
  return defaultAuthorizer(event);
}
