import { notificationKindLabels } from '@rectify/shared';

export const inboxZhCN = {
  inbox: {
    title: '消息中心',
    description: '交办、退回、督办单和提醒等站内通知；点击一条打开相应的事项或督办单',
    bell: '站内通知',
    bellUnread: '站内通知，{count} 条未读',
    readAll: '全部标为已读',
    readAllOfKind: '本类全部标为已读',
    markRead: '标为已读',
    markedRead: '已将 {count} 条通知标为已读',
    viewAll: '查看全部通知',
    filters: '筛选通知',
    all: '全部',
    unreadOnly: '未读（{count}）',
    kind: '通知类型',
    empty: '暂无通知',
    emptyFiltered: '没有符合条件的通知',
    kinds: { ...notificationKindLabels },
  },
};
