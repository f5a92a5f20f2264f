/** Staff notices of the 微信客服 channel (fixed wording in one place, for review by the bureau). */

/** The transfer to the WeCom servicer failed: staff keep replying through the bot. */
export function transferFailedNotice(servicer: string, errcode: number | undefined, detail: string): string {
  const why =
    errcode === 95014
      ? `接待人员 ${servicer} 尚未在企业微信激活或不在“正在接待”状态`
      : errcode === 95016
        ? '当前会话状态不允许转接'
        : `企业微信返回错误（${errcode ?? detail}）`;
  return `【微信客服】转给企业微信接待人员失败：${why}。会话仍由机器人转发，可继续在此回复投资者。`;
}

/** Ending the WeCom session after 交还机器人 failed. */
export function endFailedNotice(errcode: number | undefined, detail: string): string {
  return `【微信客服】交还机器人时结束企业微信会话失败（${errcode ?? detail}）。请接待人员在企业微信中手动结束会话，之后机器人会在投资者下次发消息时接待。`;
}

/** Staff wrote through the bot while a WeCom servicer holds the session (the bot may not send then). */
export const HUMAN_HOLDS_SESSION =
  '【微信客服】该会话已转给企业微信接待人员（人工接待中），机器人无法代发消息。请在企业微信中直接回复投资者，或先“交还机器人”。';

/** WeCom reports that a message did not reach the customer. */
export function sendFailedNotice(failType: number | undefined): string {
  return `【微信客服】一条消息未能送达投资者（失败类型 ${failType ?? '未知'}），请在企业微信中查看该会话。`;
}
