/**
 * Error codes shared by the API and the web app. The API answers
 * `{ error: { code, message } }`; the web translates `code`, the message is the fallback.
 */
export const errorCatalog = {
  'common.validation': { status: 400, message: '请求参数不合法' },
  'common.bad_json': { status: 400, message: '请求体不是合法的 JSON' },
  'common.forbidden_key': { status: 400, message: '请求中包含不允许的字段名' },
  'common.unsupported_media_type': { status: 415, message: '不支持的请求内容类型' },
  'common.payload_too_large': { status: 413, message: '请求内容超过大小限制' },
  'common.one_file_only': { status: 400, message: '每次只能上传一个文件，本次上传的文件均未保存，请逐个上传' },
  'common.not_found': { status: 404, message: '请求的资源不存在' },
  'common.bad_url': { status: 400, message: '请求地址不合法（含有无法解码的字符）' },
  'common.bad_request': { status: 400, message: '请求格式不合法' },
  'common.headers_too_large': { status: 431, message: '请求头过大' },
  'common.request_timeout': { status: 408, message: '请求超时，请重试' },
  'common.rate_limited': { status: 429, message: '请求过于频繁，请稍后再试' },
  'common.db_unavailable': { status: 503, message: '数据库暂时不可用，请稍后再试' },
  'common.busy': { status: 503, message: '服务器正忙于处理其他导入、导出或报告，请稍后再试' },
  'common.internal': { status: 500, message: '服务器内部错误，请稍后再试' },
  'common.idempotency_in_progress': { status: 409, message: '同一操作正在处理中，请稍候刷新查看结果，不要重复提交' },
  'common.idempotency_mismatch': { status: 422, message: '这个幂等键已用于内容不同的另一请求' },
  'common.idempotency_committed': { status: 409, message: '此前的同一操作已经保存，但当时未能返回结果；请刷新后查看，不要重复提交' },

  'auth.unauthenticated': { status: 401, message: '请先登录' },
  'auth.invalid_credentials': { status: 401, message: '用户名或密码错误' },
  'auth.invalid_token': { status: 401, message: '登录凭证无效，请重新登录' },
  'auth.token_expired': { status: 401, message: '登录已过期，请重新登录' },
  'auth.session_ended': { status: 401, message: '会话已结束，请重新登录' },
  'auth.refresh_invalid': { status: 401, message: '刷新凭证无效或已过期，请重新登录' },
  'auth.refresh_reused': { status: 401, message: '刷新凭证已被使用，为安全起见已注销该会话' },
  'auth.too_many_attempts': { status: 429, message: '密码错误次数过多，请稍后再试' },
  'auth.forbidden': { status: 403, message: '当前角色无权执行此操作' },
  'auth.wrong_password': { status: 400, message: '原密码不正确' },
  'auth.weak_password': { status: 400, message: '密码至少 10 位，不能包含用户名，也不能是常见密码' },
  'auth.password_change_required': { status: 403, message: '请先修改初始密码或重置后的临时密码' },
  'auth.password_unchanged': { status: 400, message: '新密码不能与原密码相同' },

  'orgs.not_found': { status: 404, message: '组织不存在' },
  'orgs.invalid_parent': { status: 409, message: '不能将组织移动到其自身或其下级组织之下' },
  'orgs.root_immutable': { status: 409, message: '不能移动或删除顶级组织' },
  'orgs.not_empty': { status: 409, message: '该组织下仍有下级组织、用户或台账事项，不能删除' },
  'orgs.name_taken': { status: 409, message: '同一上级组织下已有同名组织' },

  'users.not_found': { status: 404, message: '用户不存在' },
  'users.username_taken': { status: 409, message: '用户名已被使用' },
  'users.cannot_disable_self': { status: 409, message: '不能停用自己的账号' },
  'users.last_admin': { status: 409, message: '这是工委最后一个启用的系统管理员，不能停用、改角色或调出；请先为工委另设一名管理员' },

  'categories.not_found': { status: 404, message: '问题类别不存在' },
  'categories.name_taken': { status: 409, message: '已有同名问题类别' },

  'items.not_found': { status: 404, message: '台账事项不存在' },
  'items.stale_version': { status: 409, message: '该事项已被他人修改，请刷新后重试' },
  'items.illegal_transition': { status: 409, message: '事项当前状态下不能执行该操作' },
  'items.action_not_allowed': { status: 403, message: '当前角色不能对该事项执行此操作' },
  'items.requester_cannot_approve': { status: 403, message: '申请人不能审批自己的申请' },
  'items.evidence_required': { status: 409, message: '申请销号前须至少上传一份整改佐证材料' },
  'items.comment_required': { status: 400, message: '请填写说明或理由' },
  'items.extension_cap_reached': { status: 409, message: '该事项延期次数已达上限' },
  'items.extension_pending': { status: 409, message: '该事项已有待审批的延期申请' },
  'items.deadline_invalid': { status: 400, message: '新的整改时限须晚于当前时限' },
  'items.field_not_allowed': { status: 403, message: '当前角色不能修改这些字段' },
  'items.not_editable': { status: 409, message: '已销号或已撤销的事项不能修改' },
  'items.deadline_locked': { status: 409, message: '整改已开始，整改时限只能通过延期申请变更' },
  'items.source_not_allowed': { status: 403, message: '党组织只能登记自身查摆发现的问题' },
  'items.category_invalid': { status: 400, message: '问题类别不存在或已停用' },

  'evidence.not_found': { status: 404, message: '佐证材料不存在' },
  'evidence.invalid_key': { status: 400, message: '文件标识不合法' },
  'evidence.upload_incomplete': { status: 400, message: '上传未完成（连接中断或请求格式不完整），文件未保存' },
  'evidence.missing_file': { status: 400, message: '请选择要上传的文件（字段名 file）' },
  'evidence.too_large': { status: 413, message: '文件超过大小限制' },
  'evidence.type_not_allowed': {
    status: 415,
    message: '不支持的文件类型：仅允许 PDF、图片（PNG、JPEG、GIF、WebP、HEIC）、Word/Excel/PowerPoint 文档和纯文本',
  },
  'evidence.zip_bomb': { status: 400, message: '文件内部结构异常（条目过多或解压后体积过大），已拒绝' },
  'evidence.storage_full': { status: 507, message: '服务器存储空间不足，文件未保存，请联系管理员' },
  'evidence.item_locked': { status: 409, message: '事项已申请销号、已销号或已撤销，不能再增删佐证材料' },
  'evidence.progress_not_found': { status: 404, message: '整改进展记录不存在' },

  'items.review_invalid': { status: 400, message: '来源评议不存在、不在您的管辖范围内或与该单位无关' },
  'reviews.not_found': { status: 404, message: '评议不存在' },
  'reviews.has_items': { status: 409, message: '该评议下已有台账事项，不能删除' },
  'reviews.comment_missing': { status: 400, message: '该单位还没有点评意见，请先填写点评原文' },
  'common_problems.not_found': { status: 404, message: '共性问题不存在' },
  'import.missing_file': { status: 400, message: '请选择要导入的 Excel 文件（字段名 file）' },
  'import.not_xlsx': { status: 400, message: '文件不是 Excel 工作簿（.xlsx）；旧版 .xls 或 WPS 格式请先另存为 .xlsx' },
  'import.too_many_rows': { status: 400, message: '文件行数超过上限，请拆分后分批导入' },
  'import.invalid_rows': { status: 400, message: '导入文件有错误，未导入任何事项；请先修正后重试' },

  'notifications.not_found': { status: 404, message: '通知不存在' },
  'channels.not_found': { status: 404, message: '通知渠道不存在' },
  'channels.config_invalid': { status: 400, message: '通知渠道配置不完整或不合法' },
  'channels.address_not_allowed': { status: 400, message: '通知渠道地址指向内网、本机或保留地址；如确需使用，请由运维人员在 OUTBOUND_ALLOW 中放行' },
  'notices.not_found': { status: 404, message: '督办单不存在' },
  'notices.no_items': { status: 409, message: '没有符合条件的整改事项，未生成督办单' },
  'notices.items_invalid': { status: 400, message: '所选事项不存在、不在该单位范围内或已办结' },
  'notices.already_replied': { status: 409, message: '该督办单已回复' },
  'notices.reply_deadline_invalid': { status: 400, message: '回复期限不能早于今天' },
  'reports.month_invalid': { status: 400, message: '月份不合法或尚未开始' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(errorCatalog, code);
}
