/**
 * The investor-facing texts of the guard and the dialog core, in Chinese: one module per
 * language, so a translator or an editor finds every fixed reply of the message path in one place.
 * `en.ts` has the same keys. (Capture prompts live with lead capture, answer texts with the answer layer.)
 */

/** Every text of this module, by where it is said. */
export const ZH = {
  /** The guard in front of every channel. */
  guard: {
    truncated: (n: number) => `您的消息较长，已截取前 ${n} 字处理。`,
    rateLimited: (s: number) => `您发送消息的速度太快了，请约 ${s} 秒后再发送。`,
    busy: () => '抱歉，系统暂时繁忙，请稍后再试，或发送“转人工”联系工作人员。',
  },
  /** The dialog core: hand-off, take-over, release, lead submission, erasure. */
  dialog: {
    submitted: '已提交！招商专员会尽快与您联系（工作时间通常几分钟内）。在此期间您仍可继续向我咨询。',
    updated: '已更新您的投资意向信息，负责的招商专员会看到最新内容。',
    handoff: '好的，已为您转接招商专员，工作人员会尽快在这里回复您。在此期间您仍可继续向我提问。',
    handoffContact: '如方便，也可留下手机号或微信号，便于工作人员联系您。',
    alreadyWaiting: '已通知招商专员，请稍候，工作人员会尽快在这里回复您。',
    contactAdded: '谢谢，联系方式已补充给招商专员。',
    released: '工作人员已结束人工对接，智能助手继续为您服务。',
    closedNotice: '本次人工对接已结束，如有问题可继续向我咨询。',
    erased: '已删除您在本次对话中留下的个人信息（姓名、电话、微信及聊天记录）。',
    eraseConfirm: '将删除您在本次对话中留下的个人信息（姓名、电话、微信及聊天记录），删除后无法恢复。确认请回复“确认删除”。其他渠道留下的信息，请联系招商局工作人员核实身份后删除。',
    nothingToErase: '您在本对话中没有留下需要删除的联系信息。',
    groupLead: '感谢您对资兴的投资意向！为保护您的隐私，请私聊我登记项目信息，或在此回复“转人工”，招商专员会尽快与您联系。',
    empty: '请问有什么可以帮您？您可以咨询资兴的投资政策、产业和园区。',
    /** The question service failed: the dialog's own fallback reply. */
    unavailable: '抱歉，暂时无法回答您的问题。您可以回复“转人工”联系工作人员。',
    /** Told to the lead's owner when a 待跟进 investor asks for a person again. */
    askedAgain: '（再次请求人工服务）',
    /** After a question answered mid-capture: how to go on. */
    resumeLine: '（项目登记尚未完成，需要时点“继续登记”接着填写。）',
    takenOver: (name: string) => `招商局工作人员${name}已接手本次对话，将直接为您服务。`,
  },
  /** Buttons: what they say and the text they send. */
  actions: {
    handoff: { label: '转人工', value: '转人工' },
    confirm: { label: '确认', value: '确认' },
    resume: { label: '继续登记', value: '继续登记' },
    skip: { label: '跳过', value: '跳过' },
    cancel: { label: '取消', value: '取消' },
  },
};

/** The shape both languages fill. */
export type UiTexts = typeof ZH;
