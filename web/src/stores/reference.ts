import { computed, shallowRef, watch } from 'vue';
import { defineStore } from 'pinia';
import type { Category, Org, Review } from '@rectify/shared';
import { categoriesApi } from '@/api/categories';
import { orgsApi } from '@/api/orgs';
import { reviewsApi } from '@/api/reviews';
import { buildOrgTree } from '@/utils/org-tree';
import { useAuthStore } from './auth';

/**
 * The lists that filters and forms choose from (organizations in scope, categories, reviews), loaded once per
 * session and shared by every page. `refresh*` after a change made elsewhere (e.g. the categories page).
 */
export const useReferenceStore = defineStore('reference', () => {
  const orgs = shallowRef<Org[] | null>(null);
  const categories = shallowRef<Category[] | null>(null);
  const reviews = shallowRef<Review[] | null>(null);
  const pending = new Map<string, Promise<unknown>>();

  function once<T>(key: string, load: () => Promise<T>, force: boolean): Promise<T> {
    if (!force && pending.has(key)) return pending.get(key) as Promise<T>;
    const promise = load().catch((err: unknown) => {
      pending.delete(key);
      throw err;
    });
    pending.set(key, promise);
    return promise;
  }

  const loadOrgs = (force = false) => once('orgs', async () => (orgs.value = (await orgsApi.list()).items), force);
  const loadCategories = (force = false) => once('categories', async () => (categories.value = (await categoriesApi.list()).items), force);
  const loadReviews = (force = false) => once('reviews', async () => (reviews.value = (await reviewsApi.list({ pageSize: 200 })).items), force);

  const orgTree = computed(() => buildOrgTree(orgs.value ?? []));
  const activeCategories = computed(() => (categories.value ?? []).filter((c) => c.active));
  const orgName = (id: number | undefined) => (id === undefined ? undefined : orgs.value?.find((o) => o.id === id)?.name);

  const auth = useAuthStore();
  watch(
    () => auth.user?.id,
    () => {
      orgs.value = categories.value = reviews.value = null;
      pending.clear();
    },
  );

  return { orgs, categories, reviews, orgTree, activeCategories, orgName, loadOrgs, loadCategories, loadReviews };
});
