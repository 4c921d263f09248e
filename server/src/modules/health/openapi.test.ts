import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown; responses?: Record<string, unknown>; summary?: string }>> };
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  it('describes every API route the app serves, method by method', () => {
    const served = t.app.routePolicy.map(({ method, url }) => `${method.toLowerCase()} ${url.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(20);
    const documented = new Set(operations().map(({ path, method }) => `${method} ${path}`));
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
    expect(documented).toContain('post /api/items/{id}/transitions');
  });

  it('gives every operation a success response schema and the error schema', () => {
    for (const { path, method, op } of operations()) {
      const codes = Object.keys(op.responses ?? {});
      // The single sign-on hand-offs succeed by sending the browser on: their success is a documented 302.
      expect(codes.some((c) => c.startsWith('2') || c === '302'), `${method} ${path} has a success response`).toBe(true);
      expect(codes, `${method} ${path} documents its errors`).toEqual(expect.arrayContaining(['400', '401', '404', '500']));
    }
  });

  it('gives every operation with a body a request schema, and documents path parameters', () => {
    for (const { path, method, op } of operations()) {
      if (['post', 'put', 'patch'].includes(method) && !path.endsWith('/logout')) {
        expect(op.requestBody ?? op.parameters, `${method} ${path} has a request schema`).toBeTruthy();
      }
      if (path.includes('{id}')) expect(JSON.stringify(op.parameters ?? []), `${method} ${path} documents {id}`).toContain('"id"');
    }
  });

  it('names the API words outside clients rely on', () => {
    const item = JSON.stringify(doc.paths['/api/items'].get.responses);
    for (const word of ['"code"', '"orgId"', '"reviewId"', '"categoryId"', '"deadline"', '"status"', '"light"', '"version"', '"total"', 'closure_requested', 'cancelled']) {
      expect(item).toContain(word);
    }
    expect(JSON.stringify(doc.paths['/api/items/{id}/transitions'].post.requestBody)).toContain('approve_extension');
  });
});
