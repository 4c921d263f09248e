export const bulkZhCN = {
  bulk: {
    approve: '批量销号（{count}）',
    reject: '批量退回（{count}）',
    remind: '催办（{count}）',
    title: { approve_closure: '批量销号', reject_closure: '批量退回', remind: '催办' },
    lead: {
      approve_closure: '以下 {count} 项申请销号的事项将逐项审核销号：',
      reject_closure: '以下 {count} 项申请销号的事项将逐项退回整改：',
      remind: '将向以下 {count} 项未销号事项所在的组织发送催办提醒（每个组织一条）：',
    },
    commentRequired: '退回理由（必填）：还缺什么材料、哪里不到位',
    commentOptional: '审核意见或催办说明（选填）',
    checkedNote: '每项仍单独检查：申请人不能审批本人的申请、事项未被他人修改、已附佐证材料；未通过的事项保持原状。',
    remindNote: '已销号、已撤销的事项不会催办。',
    submit: '确定',
    cancel: '取消',
    close: '完成',
    done: '{ok} 项已办理，{refused} 项未通过',
    remindDone: '已催办 {ok} 项，{refused} 项未催办',
    ok: { approve_closure: '已销号', reject_closure: '已退回', remind: '已催办' },
  },
};
