/**
 * Fixed texts of the Official Account and 微信客服 channels (the dialog core composes everything
 * else), in one place so the bureau can review the wording without reading adapter code.
 */

/** Greeting on subscribe (and the 微信客服 welcome): what the assistant answers and how to reach a person. */
export const WELCOME_TEXT =
  '您好，欢迎关注资兴招商！我是资兴招商助手，可以为您解答：\n· 招商优惠政策\n· 产业园区\n· 重点产业\n· 营商服务与对接联系人\n回答都会注明依据。直接发文字提问即可，也可以点击下方菜单；如需人工服务，请发送“转人工”。';

/** Voice without WeChat's speech recognition text. */
export const VOICE_UNRECOGNISED = '抱歉，没能识别这段语音。请用文字提问；如需人工服务，请发送“转人工”。';

/** Staff notice: a message to an investor could not go out now and was queued. */
export function queuedNotice(channel: string, user: string, reason: 'expired' | 'over_quota' | 'session'): string {
  const why =
    reason === 'expired'
      ? '投资者最后一次发消息已超过 48 小时，平台不允许再主动发送'
      : reason === 'over_quota'
        ? '已达到平台的发送条数限制（投资者每次发消息后最多 5 条）'
        : '该会话当前状态不允许机器人发送';
  return `【${channel}】给投资者（尾号 ${user.slice(-4)}）的消息未能发出：${why}。消息已排队，投资者下次发消息时自动补发；紧急情况请电话联系。`;
}
