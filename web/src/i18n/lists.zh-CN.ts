/** The list pages' shared controls, the 台账's 督办情况 and print view, and the supervisor's 催办 and 督办 of one item. */
export const listsZhCN = {
  listPage: {
    density: '表格密度',
    densities: { large: '宽松', default: '标准', small: '紧凑' },
    columns: '显示列',
    seq: '序号',
    actions: '操作',
    view: '查看',
    itemColumns: { org: '所属单位', categorySource: '类别 / 来源', light: '预警', responsiblePerson: '责任人', updatedAt: '更新时间' },
  },
  sheet: {
    loading: '正在加载台账…',
    printAll: '打印全部',
    supervision: {
      extended: '已延期 {count} 次（原定 {originalDeadline}）',
      extensionPending: '延期申请待审批（申请至 {deadline}）',
      overdue: '逾期 {days} 天',
      dueSoon: '临期，距时限 {days} 天',
      noticeIssued: '{day} 下发督办单 {number}',
      noticeReplied: '{day} 回复督办单 {number}',
    },
    print: {
      title: '打印台账',
      loading: '正在准备打印：已加载 {done}/{total} 项',
      ready: '共 {total} 项，已全部加载，可以打印',
      print: '打印',
      back: '返回台账',
      hint: 'A4 横向，每页重复表头并标注页码',
    },
  },
  supervise: {
    remind: '催办',
    notice: '督办',
    remindTitle: '催办 {code}',
    remindPrompt: '将向该事项所在的组织发送催办提醒，可附一句说明（选填）：',
    remindPlaceholder: '如：请于本周内报送整改进展',
    reminded: '已催办 {code}',
    refused: '未能催办：{reason}',
  },
};
