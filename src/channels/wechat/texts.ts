/**
 * Fixed texts the WeChat adapter sends on its own (not composed by the dialog core). Kept in one
 * place so wording can be reviewed by the bureau without reading adapter code.
 */

/** Reply to images, voice, files, links, stickers, videos: what we handle and how to reach a person. */
export const UNSUPPORTED_REPLY =
  '您好，我是资兴招商助手，目前只能阅读文字消息，回答关于在资兴投资的问题（优惠政策、园区、产业、服务和联系人）。请用文字提问；如需人工服务，请发送“转人工”。';

/** Greeting after a friend request is accepted. */
export const FRIEND_GREETING =
  '您好，我是资兴招商助手！可以为您解答在资兴投资的相关问题：招商优惠政策、产业园区、重点产业、营商服务和对接联系人，回答都会注明依据。直接发文字提问即可；如需人工服务，请发送“转人工”。';

/** Staff notice: the WeChat bot dropped and needs someone to scan a QR code. */
export function reloginNotice(reason: string): string {
  return `【微信助手】微信连接已断开（${reason}），正在自动重连。如需重新登录，请在员工控制台查看登录二维码并用机器人微信号扫码。`;
}

/** Staff notice: the daily send cap was reached; further WeChat replies are dropped until tomorrow. */
export function dailyCapNotice(cap: number): string {
  return `【微信助手】今日微信发送量已达上限（${cap} 条），为避免触发微信风控，今天剩余的回复将不再发送。请关注员工控制台中的会话。`;
}

/** Polite reply when handling a message failed (the error is logged with its code). */
export const ERROR_REPLY = '抱歉，系统暂时出了点问题，请稍后再试；如需人工服务，请发送“转人工”。';
