import type { Component } from 'vue';
import { Bell, Finished, Odometer, Calendar, ChatLineSquare, CollectionTag, Connection, DataAnalysis, Document, HomeFilled, Key, Link, Lock, Message, OfficeBuilding, Operation, Setting, Stamp, Tickets, User } from '@element-plus/icons-vue';

/** A menu entry names a route; its title and who may see it come from that route's meta (router/routes.ts). */
export interface NavLink {
  route: string;
  icon: Component;
}

export interface NavGroup {
  id: string;
  titleKey: string;
  icon: Component;
  children: NavLink[];
}

export type NavEntry = NavLink | NavGroup;

export const navigation: NavEntry[] = [
  { route: 'home', icon: HomeFilled },
  { route: 'items', icon: Tickets },
  { route: 'reviews', icon: ChatLineSquare },
  { route: 'common-problems', icon: Connection },
  { route: 'notices', icon: Bell },
  { route: 'escalation', icon: Odometer },
  { route: 'rechecks', icon: Finished },
  { route: 'reports', icon: DataAnalysis },
  {
    id: 'system',
    titleKey: 'nav.system',
    icon: Setting,
    children: [
      { route: 'orgs', icon: OfficeBuilding },
      { route: 'users', icon: User },
      { route: 'review-levels', icon: Stamp },
      { route: 'categories', icon: CollectionTag },
      { route: 'settings', icon: Operation },
      { route: 'calendar', icon: Calendar },
      { route: 'sign-in-methods', icon: Lock },
      { route: 'channels', icon: Message },
      { route: 'api-tokens', icon: Link },
      { route: 'audit-operations', icon: Document },
      { route: 'audit-logins', icon: Key },
    ],
  },
];
