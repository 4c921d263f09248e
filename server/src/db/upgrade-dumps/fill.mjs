// Drives a running release's API so that the tables its demo seed leaves empty get rows too: sign-ins (tokens,
// audit, refused attempts), settings, a channel and its deliveries, items with measures and an Idempotency-Key,
// evidence, a common problem and a notice. Plain JavaScript on purpose: it runs against any release unchanged.
const base = process.argv[2] ?? 'http://127.0.0.1:3999';
const password = 'Demo@2026';

async function call(method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300 && !headers['x-expect-failure']) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
const login = async (username, pw = password) => (await call('POST', '/api/auth/login', { body: { username, password: pw } })).accessToken;

await call('POST', '/api/auth/login', { body: { username: 'viewer', password: 'wrong-password' }, headers: { 'x-expect-failure': '1' } });
const admin = await login('admin');
const supervisor = await login('supervisor');
const branch = await login('branch');
const me = await call('GET', '/api/auth/me', { token: branch });

await call('PUT', '/api/settings', { token: admin, body: { reminderDays: 5 } });
await call('POST', '/api/notification-channels', {
  token: admin,
  body: { type: 'webhook', name: '升级测试 Webhook', events: ['item_issued', 'notice_issued'], url: 'http://192.0.2.1/hook' },
});

const created = await call('POST', '/api/items', {
  token: supervisor,
  headers: { 'idempotency-key': 'upgrade-dump-item-1' },
  body: {
    orgId: me.orgId ?? me.user?.orgId,
    source: 'review',
    title: '升级前建立的事项',
    description: '升级测试：这条事项在上一版本中建立，带两条整改措施和一份佐证材料。',
    measures: [{ content: '制定整改方案' }, { content: '召开专题组织生活会', responsiblePerson: '张三' }],
    deadline: '2026-12-31',
    type: 'deadline',
  },
});
const itemId = created.id ?? created.item?.id;
const pdf = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
const form = new FormData();
form.append('file', new Blob([pdf], { type: 'application/pdf' }), '升级前的佐证材料.pdf');
await call('POST', `/api/items/${itemId}/evidence`, { token: branch, body: form });

const orgs = await call('GET', '/api/orgs', { token: supervisor });
const orgIds = (orgs.items ?? orgs).filter((o) => o.kind !== 'committee').slice(0, 3).map((o) => o.id);
await call('POST', '/api/items/batch', { token: supervisor, body: { orgIds, source: 'review', description: '升级测试：共性问题，三个组织各一条。', deadline: '2026-11-30', type: 'deadline' } });
await call('POST', '/api/notices', {
  token: supervisor,
  body: { itemIds: [itemId], level: 'yellow', requirements: '升级测试：请于限期内报送整改进展。', replyDeadline: '2026-12-15' },
});
// Reading the dashboard folds the rollup changes queued by everything above into its per-organization counts.
await call('GET', '/api/dashboard', { token: supervisor });
// …and one change after it leaves a change waiting in the queue, as a running installation usually has.
await call('POST', '/api/items', {
  token: supervisor,
  body: { orgId: me.orgId ?? me.user?.orgId, source: 'review', description: '升级测试：看板汇总之后新建的事项。', deadline: '2026-10-31', type: 'deadline' },
});
console.log(`filled: item ${itemId}`);
