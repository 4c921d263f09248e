import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { Category, CreateCategoryBody, errorResponses, IdParams, UpdateCategoryBody } from '@rectify/shared';
import { pgErrorCode } from '../../db/errors.js';
import { AppError } from '../../lib/app-error.js';
import { categories } from './categories.table.js';

const toCategory = (row: typeof categories.$inferSelect) => ({ id: row.id, name: row.name, sortOrder: row.sortOrder, active: row.active });

function nameTaken(err: unknown): never {
  if (pgErrorCode(err) === '23505') throw new AppError('categories.name_taken');
  throw err;
}

const categoriesRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['categories'];
  const db = fastify.db;

  fastify.get('/api/categories', {
    config: { permission: 'categories.read' },
    schema: { tags, summary: '问题类别', response: { 200: Type.Object({ items: Type.Array(Category) }), ...errorResponses } },
    handler: async () => ({ items: (await db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.id))).map(toCategory) }),
  });

  fastify.post('/api/categories', {
    config: { permission: 'categories.write' },
    schema: { tags, body: CreateCategoryBody, response: { 201: Category, ...errorResponses } },
    handler: async (request, reply) => {
      const [row] = await db
        .insert(categories)
        .values({ name: request.body.name.trim(), sortOrder: request.body.sortOrder ?? 0 })
        .returning()
        .catch(nameTaken);
      return reply.status(201).send(toCategory(row));
    },
  });

  fastify.patch('/api/categories/:id', {
    config: { permission: 'categories.write' },
    schema: { tags, summary: '修改或停用问题类别（已用的类别只能停用，不能删除）', params: IdParams, body: UpdateCategoryBody, response: { 200: Category, ...errorResponses } },
    handler: async (request) => {
      const { name, sortOrder, active } = request.body;
      const values = { name: name?.trim(), sortOrder, active };
      // An empty change is a read: an UPDATE with nothing to set is not valid SQL.
      const [row] = Object.values(values).every((v) => v === undefined)
        ? await db.select().from(categories).where(eq(categories.id, request.params.id))
        : await db.update(categories).set(values).where(eq(categories.id, request.params.id)).returning().catch(nameTaken);
      if (!row) throw new AppError('categories.not_found');
      return toCategory(row);
    },
  });
};

export default categoriesRoutes;
