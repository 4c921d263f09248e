import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { count, desc, eq } from 'drizzle-orm';
import { errorResponses, JobRun, JobRunListQuery, Page } from '@rectify/shared';
import { jobRuns } from './jobs.table.js';

/** What the scheduler did: one row per job and period, newest first (for administrators). */
const jobsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/api/job-runs', {
    config: { permission: 'jobs.read' },
    schema: { tags: ['jobs'], summary: '定时任务运行记录（每个任务每个周期一条）', querystring: JobRunListQuery, response: { 200: Page(JobRun), ...errorResponses } },
    handler: async (request) => {
      const where = request.query.job ? eq(jobRuns.job, request.query.job) : undefined;
      const pageSize = request.query.pageSize ?? 20;
      const [rows, [{ total }]] = await Promise.all([
        fastify.db
          .select()
          .from(jobRuns)
          .where(where)
          .orderBy(desc(jobRuns.startedAt), jobRuns.job)
          .limit(pageSize)
          .offset(((request.query.page ?? 1) - 1) * pageSize),
        fastify.db.select({ total: count() }).from(jobRuns).where(where),
      ]);
      return {
        items: rows.map((r) => ({ job: r.job, period: r.period, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null, result: (r.result as Record<string, unknown>) ?? null })),
        total,
      };
    },
  });
};

export default jobsRoutes;
