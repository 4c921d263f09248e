import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { isErrorCode } from '@rectify/shared';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { routeTable, type RouteRequest } from './policy/index.js';
import { openApiOperations, type JsonSchema, type Operation } from './openapi.js';
import { createWorld, rowCounts, type ActorRole, type World } from './world.js';

interface Hostile {
  name: string;
  payload?: string;
  contentType?: string;
  url?: string;
  /** The exact answer this case must get; otherwise any 4xx with a catalogued code. */
  status?: number;
  code?: string;
}

const huge = 'x'.repeat(100_000);
/** Days PostgreSQL would take or refuse with a 500, all outside the 1900–2199 the API accepts. */
const outOfRangeDates = ['0000-01-01', '1899-12-31', '2200-01-01'];
const isDateField = (schema: JsonSchema): boolean => schema.format === 'date' || !!schema.anyOf?.some(isDateField);

/** Cases built from the operation's request schema and the valid body the policy table gives for it. */
function bodyCases(op: Operation, valid: Record<string, unknown>, bodyLimit: number): Hostile[] {
  const json = (value: unknown) => JSON.stringify(value);
  const props = Object.entries(op.bodySchema?.properties ?? {});
  const withKey = (raw: string) => json(valid).replace(/^\{/, Object.keys(valid).length ? `{${raw},` : `{${raw}`);
  const cases: Hostile[] = [
    { name: 'an unknown field', payload: json({ ...valid, isAdmin: true }), status: 400, code: 'common.validation' },
    { name: 'a __proto__ key', payload: withKey('"__proto__":{"role":"admin"}'), status: 400, code: 'common.forbidden_key' },
    { name: 'constructor.prototype', payload: withKey('"constructor":{"prototype":{"role":"admin"}}'), status: 400, code: 'common.forbidden_key' },
    { name: 'malformed JSON', payload: `${json(valid).slice(0, -1)},}`, status: 400, code: 'common.bad_json' },
    { name: 'an array for the body', payload: json([valid]), status: 400, code: 'common.validation' },
    { name: 'null for the body', payload: 'null' },
    { name: 'an empty object', payload: '{}' },
    { name: 'a number for the body', payload: '42', status: 400 },
    { name: 'deep nesting', payload: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) },
    { name: 'a body over the limit', payload: json({ ...valid, pad: 'x'.repeat(bodyLimit + 10) }), status: 413, code: 'common.payload_too_large' },
    { name: 'text/plain', payload: json(valid), contentType: 'text/plain' },
    { name: 'a form body', payload: new URLSearchParams(valid as Record<string, string>).toString(), contentType: 'application/x-www-form-urlencoded', status: 415 },
    { name: 'JSON labelled as XML', payload: json(valid), contentType: 'application/xml', status: 415 },
    { name: 'a multipart body', payload: '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n', contentType: 'multipart/form-data; boundary=b' },
    { name: 'JSON in UTF-16', payload: Buffer.from(json(valid), 'utf16le').toString('latin1'), contentType: 'application/json; charset=utf-16' },
  ];
  for (const [field, schema] of props) {
    const wrong = schema.type === 'string' || schema.anyOf?.some((s) => s.type === 'string') ? { nested: [1] } : 'not-a-number-or-bool';
    cases.push({ name: `a wrong type for ${field}`, payload: json({ ...valid, [field]: wrong }), status: 400, code: 'common.validation' });
    if (JSON.stringify(schema).includes('"string"')) {
      cases.push({ name: `a huge string for ${field}`, payload: json({ ...valid, [field]: huge }) });
      cases.push({ name: `a NUL character in ${field}`, payload: json({ ...valid, [field]: 'a\u0000b' }), status: 400 });
      cases.push({ name: `a lone surrogate in ${field}`, payload: json({ ...valid, [field]: 'x\ud800y' }), status: 400, code: 'common.validation' });
    }
    if (isDateField(schema)) {
      for (const date of outOfRangeDates) cases.push({ name: `the date ${date} in ${field}`, payload: json({ ...valid, [field]: date }), status: 400, code: 'common.validation' });
    }
  }
  return cases;
}

function queryCases(op: Operation, url: string): Hostile[] {
  const withQuery = (extra: string) => `${url}${url.includes('?') ? '&' : '?'}${extra}`;
  const cases: Hostile[] = [
    { name: 'an unknown query field', url: withQuery('isAdmin=1'), status: 400, code: 'common.validation' },
    { name: 'a __proto__ query key', url: withQuery('__proto__[polluted]=1') },
    { name: 'a constructor.prototype query key', url: withQuery('constructor[prototype][polluted]=1') },
  ];
  for (const param of op.queryParams) {
    const numeric = param.schema.type === 'integer' || param.schema.type === 'number' || param.schema.type === 'boolean';
    if (numeric) cases.push({ name: `a wrong type for ${param.name}`, url: withQuery(`${param.name}=abc`), status: 400, code: 'common.validation' });
    if (param.schema.type === 'string' || param.schema.enum || param.schema.anyOf) cases.push({ name: `a huge string for ${param.name}`, url: withQuery(`${param.name}=${'y'.repeat(20_000)}`) });
    cases.push({ name: `${param.name} given twice`, url: withQuery(`${param.name}=1&${param.name}=2`) });
    cases.push({ name: `a NUL byte in ${param.name}`, url: withQuery(`${param.name}=%00`) });
    cases.push({ name: `an encoded lone surrogate in ${param.name}`, url: withQuery(`${param.name}=x%ED%A0%80y`) });
    if (isDateField(param.schema)) {
      for (const date of outOfRangeDates) cases.push({ name: `the date ${date} in ${param.name}`, url: withQuery(`${param.name}=${date}`), status: 400, code: 'common.validation' });
    }
  }
  return cases;
}

function pathCases(url: string, template: string): Hostile[] {
  if (!template.includes(':')) return [];
  const parts = url.split('?')[0].split('/');
  const firstParam = template.split('/').findIndex((segment) => segment.startsWith(':'));
  const withId = (value: string) => parts.map((part, i) => (i === firstParam ? value : part)).join('/');
  return ['0', '-1', 'abc', '99999999999', '1e3', '..%2F..%2Fetc', '%00', '1%20OR%201=1'].map((value) => ({ name: `the path parameter ${value}`, url: withId(value) }));
}

/**
 * Every route with a body, a query or a path parameter gets hostile input. Each answer must be a 4xx with a code
 * from the shared catalogue, never a 5xx, and a refused request must leave every table exactly as it was.
 */
describe('hostile input on every route', () => {
  let t: TestApp;
  let world: World;
  let operations: Map<string, Operation>;
  beforeAll(async () => {
    t = await createTestApp({ config: { bodyLimitBytes: 512 * 1024 } });
    world = await createWorld(t);
    operations = await openApiOperations(t.app);
  });
  afterAll(() => t.close());

  const actorFor = (key: string): ActorRole => {
    const allow = routeTable[key].allow;
    return allow === 'public' ? 'anonymous' : allow[0];
  };

  async function send(key: string, request: RouteRequest, hostile: Hostile) {
    const token = request.token === undefined ? world.tokenOf(actorFor(key)) : request.token;
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}) };
    if (hostile.payload !== undefined) headers['content-type'] = hostile.contentType ?? 'application/json';
    else Object.assign(headers, request.headers);
    return t.app.inject({
      method: key.split(' ')[0] as InjectOptions['method'],
      url: hostile.url ?? request.url,
      payload: hostile.payload === undefined ? (request.payload as InjectOptions['payload']) : Buffer.from(hostile.payload, hostile.contentType?.includes('utf-16') ? 'latin1' : 'utf8'),
      headers,
    });
  }

  it.each(Object.keys(routeTable))('%s: every hostile request gets a catalogued 4xx and writes nothing', async (key) => {
    const op = operations.get(key);
    expect(op, `${key} is in the OpenAPI document`).toBeDefined();
    const base = await routeTable[key].request({ role: actorFor(key), scope: 'own', world, fresh: false });
    const jsonBody = op!.bodySchema && base.payload && typeof base.payload === 'object' && !Buffer.isBuffer(base.payload);
    const cases = [
      ...(jsonBody ? bodyCases(op!, base.payload as Record<string, unknown>, 512 * 1024) : []),
      ...(op!.queryParams.length ? queryCases(op!, base.url) : []),
      ...pathCases(base.url, key.split(' ')[1]),
    ];
    const failures: string[] = [];
    for (const hostile of cases) {
      // Routes that end sessions get a new one per case, so an accepted variant cannot end the next case's session.
      const request = base.token !== undefined ? await routeTable[key].request({ role: actorFor(key), scope: 'own', world, fresh: false }) : base;
      const before = await rowCounts(t);
      const res = await send(key, request, hostile);
      const after = await rowCounts(t);
      if (res.statusCode < 400 && hostile.status === undefined && !hostile.name.startsWith('a huge')) continue;
      const error = res.statusCode >= 400 ? (res.json() as { error?: { code?: string } }).error : undefined;
      const problems = [
        res.statusCode >= 500 && 'a 5xx',
        res.statusCode < 400 && 'accepted',
        hostile.status !== undefined && res.statusCode !== hostile.status && `status ${res.statusCode} instead of ${hostile.status}`,
        res.statusCode >= 400 && !(error?.code && isErrorCode(error.code)) && `no catalogued code (${res.body.slice(0, 80)})`,
        hostile.code && error?.code !== hostile.code && `code ${error?.code} instead of ${hostile.code}`,
        res.statusCode >= 400 && JSON.stringify(before) !== JSON.stringify(after) && `a write: ${JSON.stringify(diff(before, after))}`,
      ].filter(Boolean);
      if (problems.length) failures.push(`${hostile.name}: ${problems.join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype is untouched').toBeUndefined();
  });
});

function diff(before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(Object.keys(after).filter((k) => before[k] !== after[k]).map((k) => [k, after[k] - (before[k] ?? 0)]));
}
