import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { createMemoryHistory, routerKey } from 'vue-router';
import type { Role } from '@rectify/shared';
import { i18n } from '@/i18n';
import { createAppRouter } from '@/router';
import { useAuthStore } from '@/stores/auth';
import { meAs } from '@/test/fixtures';
import { useNavigation, type VisibleEntry } from './useNavigation';

function menuOf(role: Role): string[] {
  const pinia = createPinia();
  const router = createAppRouter({ pinia, history: createMemoryHistory() });
  useAuthStore(pinia).user = meAs(role);
  let entries: VisibleEntry[] = [];
  const Probe = defineComponent({
    setup() {
      const navigation = useNavigation();
      return () => {
        entries = navigation.value;
        return h('div');
      };
    },
  });
  // The router is provided, not installed, so no navigation (and no page loading) starts.
  mount(Probe, { global: { plugins: [pinia, i18n], provide: { [routerKey as symbol]: router } } });
  const { t } = i18n.global;
  return entries.flatMap((entry) => ('children' in entry ? [t(entry.titleKey), ...entry.children.map((c) => `${t(entry.titleKey)}/${t(c.titleKey)}`)] : [t(entry.titleKey)]));
}

describe('the side menu by role', () => {
  it.each([
    ['admin', ['工作台', '整改台账', '述职评议', '共性问题', '督办单', '回头看', '整改报告', '系统管理', '系统管理/组织机构', '系统管理/用户管理', '系统管理/审核层级', '系统管理/问题类别', '系统管理/系统设置', '系统管理/工作日历', '系统管理/登录方式', '系统管理/通知渠道', '系统管理/接口令牌', '系统管理/操作日志', '系统管理/登录日志']],
    ['supervisor', ['工作台', '整改台账', '述职评议', '共性问题', '督办单', '督办阶梯', '回头看', '整改报告']],
    ['branch', ['工作台', '整改台账', '述职评议', '共性问题', '督办单', '回头看', '整改报告']],
    ['viewer', ['工作台', '整改台账', '述职评议', '共性问题', '督办单', '回头看', '整改报告']],
  ] as const)('%s sees %j', (role, expected) => {
    expect(menuOf(role)).toEqual(expected);
  });
});
