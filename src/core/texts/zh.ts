/**
 * The fixed texts of the message path, in Chinese: the guard, the dialog core, the answer layer's
 * fixed replies and source lines, lead capture, the WeChat adapters (and the Official Account's
 * menu), the web chat's error line, Slack's replies and lead cards, the staff console's teaching,
 * FAQ-import and lead-desk messages, the leads CLI and CSV, and the operational notices the adapters
 * send to staff. One module per language, so a translator or an editor finds every fixed reply in one
 * place; `en.ts` has the same keys. (How lead fields, states, events and channels are named is
 * `core/lead-labels.ts`'s.)
 */
import type { LeadField } from '../lead.js';

/** What the assistant can do, said after small talk and with every refusal. */
const CAN_DO = '我可以回答资兴招商相关的问题：投资优惠与扶持政策、产业园区、优势产业、重点项目、政务与企业服务，也可以帮您联系资兴招商专员。';

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
  /**
   * The answer layer (`answer/replies.ts`, `answer/compose.ts`): small talk, declines, "not in the
   * documents", and the frame and sources footer of an extractive answer. None states a figure.
   */
  answer: {
    /** Small talk the intent model recognised (a greeting, thanks, 👍, "好的"). */
    pleasantry: `好的，很高兴为您服务！${CAN_DO}`,
    smalltalk: {
      greeting: `您好！我是资兴招商助手。${CAN_DO}`,
      thanks: '不客气，很高兴能帮上忙。',
      bye: '再见，欢迎随时再来咨询。',
      identity: `我是资兴招商助手，一个根据资兴市招商资料回答问题的程序。${CAN_DO}`,
    },
    /**
     * The documents speak of the topic but do not state what was asked; `quote` is what they do say
     * (no figures). No [n] marker: this reply states no figure, so nothing in it can be taken for the asked value.
     */
    partial: (quote: string | undefined) =>
      `资兴招商资料中没有写明您问的这一项，我不想给您不准确的信息。${quote ? `资料中与此相关的内容是：“${quote}”（见下方来源）` : '相关资料见下方来源。'}\n如需具体信息，可以为您联系招商专员。`,
    outOfScope: `抱歉，这个问题不在我能回答的范围内。${CAN_DO}`,
    /** Attempts to change the rules or read the instructions: says nothing about them. */
    injection: `抱歉，我不能这样做。${CAN_DO}`,
    /** Nothing relevant retrieved: the topics it covers (`topics`' labels) and a person. */
    noAnswer: (topics: string[]) => `抱歉，资兴招商资料库中没有找到能回答这个问题的内容，我不想给您不准确的信息。我可以回答${topics.join('、')}等方面的问题；如需具体信息，可以为您联系招商专员。`,
    /** Retrieval itself failed (index missing, internal error). */
    unavailable: '抱歉，资料检索暂时出现问题，请稍后再试；如您着急，我可以为您联系招商专员。',
    /** The hand-off button offered with refusals. */
    handoff: { label: '联系招商专员', value: '转人工' },
    /** Topics the knowledge base covers (industry, policy, service, in this order): chips under refusals and small talk. */
    topics: [
      { label: '优势产业', question: '资兴有哪些优势产业？' },
      { label: '扶持政策', question: '资兴对企业有哪些扶持政策？' },
      { label: '企业服务', question: '企业落户资兴后政府提供什么服务？' },
    ],
    /** An extractive answer: the quoted sentences (each already with its [n]) in a frame; `chineseSource` matters in English only. */
    quotes: (marked: string[], _chineseSource: boolean) => `根据资兴市招商资料：${marked.join('')}`,
    /** The head of the sources footer, and one line of it (`title` already in 《》). */
    sourcesHead: '来源：',
    sourceLine: (n: number, title: string, path: string) => `[${n}] ${title} ${path}`,
  },
  /**
   * Slack, the staff's surface: replies of its listeners. Slack shows both languages side by side
   * (`channels/slack/texts.ts` joins them); the status line, greeting and prompts title go in the user's.
   */
  slack: {
    sorry: '抱歉，处理出了点问题，请稍后再试。',
    help: ['我是资兴招商助手，可以查询资兴市招商政策并给出出处。', '• 私信我提问', '• 在频道中 @我 提问（在话题中回答）', '• `/zixing 问题` 仅自己可见；加 `public` 公开', '• `/zixing leads` 查看待处理线索'],
    status: '正在查找资料…',
    greeting: '您好！我是资兴招商助手，可以查询资兴市招商政策、园区、产业和服务，并给出出处。请直接提问，或选一个话题：',
    promptsTitle: '可以这样问',
    thanksUp: '谢谢反馈 👍',
    thanksDown: '谢谢反馈，我们会补充这方面的资料。',
    leadNotFound: '找不到此线索。',
    leadClosed: '此线索已结案。',
    notOwner: '只有跟进人可以执行此操作。',
    /** Closing someone else's lead; `owner` is already formatted for mrkdwn. */
    closeNotOwner: (owner?: string) => `只有跟进人${owner ? `（${owner}）` : ''}或主管可以结案。`,
    followUpWaits: (owner: string) => `此线索待 ${owner} 跟进，只有跟进人或主管可以重新认领。`,
    theOwner: '原跟进人',
    alreadyClaimed: (by: string) => `此线索已由 ${by} 认领。`,
    someoneElse: '其他同事',
    actionFailed: '操作失败，请稍后再试。',
    closeDialogFailed: '无法打开结案窗口。',
    replyNeedsClaim: '请先认领（Claim）此线索，才能回复投资人；以 `//` 开头的回复仅作内部备注。',
    replyLeadClosed: '此线索已结案，回复未发送。',
    replyLeadNotFound: '找不到此线索，回复未发送。',
    chooseOutcome: '请选择结果',
    closedAlready: (id: string) => `线索 ${id} 已结案。`,
    closeLeadNotFound: (id: string) => `找不到线索 ${id}。`,
    closeFailed: '结案失败，请稍后再试。',
    openLeads: '待处理线索',
    noOpenLeads: '目前没有待处理的线索。',
    /** Over an answer's sources, and its vote buttons (Chinese only: the buttons are narrow). */
    sources: '来源',
    helpful: '有用',
    notHelpful: '没用',
    /** Lead cards, the lead list, the App Home, the close modal and the desk's posts in a card's thread. */
    card: {
      status: { new: '新线索', claimed: '跟进中', follow_up: '待跟进', closed: '已结案' },
      closedBy: '结案人',
      owner: '跟进人',
      releasedNote: '机器人答复中，跟进人或主管可认领',
      escalated: '已升级',
      roles: { user: '投资人', assistant: '助手', staff: '专员' },
      channel: '来源渠道',
      lead: '线索',
      linked: '同一联系人的其他线索',
      replyHint: '认领后在本消息的话题中回复，即转发给投资人；以 `//` 开头的回复为内部备注。',
      more: (n: number) => `…还有 ${n} 条`,
      claim: '认领',
      claimAgain: '重新认领',
      close: '结案',
      release: '交还机器人',
      homeTitle: '资兴招商助手 · 我的线索',
      homeHint: '私信我或在频道中 @我 提问政策；`/zixing leads` 查看待认领线索。',
      homeEmpty: '你目前没有跟进中或待跟进的线索。',
      modalTitle: '结案',
      cancel: '取消',
      outcome: '结果',
      note: '备注',
      claimedPost: '已认领，开始与投资人对话。',
      /** After "👉 <who>" in the thread: to whom, and whether the live conversation passed (`live`) or waits for them. */
      assignedPost: (to: string, live: boolean) => `已将线索指派给 ${to}，${live ? '由其继续与投资人对话' : '待其跟进'}。`,
      releasedPost: '已交还机器人，线索转为待跟进（仍归其跟进，本人或主管可重新认领）。',
      closedPost: '已结案',
      /** `id` is already formatted for mrkdwn. */
      unclaimed: (id: string, minutes: number) => `线索 ${id} 已超过 ${minutes} 分钟无人认领，请尽快认领。`,
      investor: '投资人',
    },
  },
  /** The staff console's teaching and FAQ import: refusals and audit lines, shown "中文 · English" (`both.ts`). */
  console: {
    answerEmpty: '答案为空',
    questionEmpty: '问题为空',
    fileEmpty: '文件为空',
    fileTooLarge: (_bytes?: number) => '文件超过 4 MB',
    auditLink: (path: string, _count?: number) => `关联问题到 ${path}`,
    auditAnswer: (path: string) => `撰写答案 ${path}`,
    auditOffTopic: '标为非业务问题',
    auditIgnore: '忽略',
    auditImport: (row: number) => `FAQ 导入第 ${row} 行`,
    noHeader: '找不到表头：需要“问题”和“答案”两列（或 question / answer）',
    rowQuestionEmpty: '问题为空',
    rowAnswerEmpty: '答案为空',
    cellTooLong: (column: string, length: number, limit: number) => `单元格过长：${column}（${length} 字，上限 ${limit}）`,
    duplicateRow: (row: number) => `与第 ${row} 行问题重复`,
    alreadyIndexed: (path: string) => `问题已在知识库中（${path}）`,
    badXlsx: (_detail?: string) => '无法读取 Excel 文件',
    noSheet: 'Excel 文件没有工作表',
    csvNotUtf8: 'CSV 文件需为 UTF-8 编码',
    unsupportedFile: (ext: string) => `不支持的文件类型 ${ext || '(无)'}，请上传 .xlsx 或 .csv`,
  },
  /**
   * The console's lead desk. `refusal`: the JSON API's refusals of a lead action (`http/console-routes.ts`;
   * the API says these in English only so far, so this Chinese is not shown yet). `assign`: assigning
   * a lead (`http/console-assign-routes.ts`, shown "中文 English"), and the console feed's line for it.
   */
  leadDesk: {
    refusal: {
      notFound: '没有这条线索',
      claimedByOther: '此线索由其他工作人员跟进（待跟进的线索等其跟进人或主管处理）',
      closed: '此线索已结案',
      notOwner: '只有此线索的跟进人或主管可以这样做',
      badStatus: '状态须为 new、claimed、follow_up 或 closed',
      reingestRunning: '已有一次重新导入正在进行',
      noWechatLogin: '没有待扫码的微信登录',
    },
    assign: {
      notFound: '没有这条线索。',
      closed: '线索已结案，不能指派。',
      notOwner: '只有线索的跟进人或主管可以指派。',
      alreadyOwner: '这条线索已由该同事跟进。',
      noAccount: '没有这个工作人员账号。',
      accountDisabled: (name: string) => `${name} 的账号已停用，不能指派给其。`,
      /** The console feed: "陈主管 将线索「资兴新能源」指派给 李专员". */
      feed: (by: string, title: string, to: string) => `${by} 将线索「${title}」指派给 ${to}`,
    },
  },
  /** The leads CLI (`npm run leads -- show`) and the CSV export: row labels and column heads beside the lead's fields. */
  leadSheet: {
    id: '编号',
    status: '状态',
    outcome: '结案结果',
    channel: '渠道',
    conversation: '会话',
    owner: '负责人',
    closedBy: '结案人',
    createdAt: '创建时间',
    escalatedAt: '升级时间',
    /** The CSV column; `show` says it in full. */
    linked: '关联线索',
    linkedLong: '同一联系人的其他线索',
    unclaimed: '（未认领）',
    none: '（无）',
    recent: '最近消息：',
    notes: '备注：',
    history: '历史：',
    roles: { user: '投资者', assistant: '机器人', staff: '工作人员' } as Record<string, string>,
    /** `show` and the id lookup: no lead, or a prefix of several (the matches follow). */
    noLead: (id: string) => `没有编号为 ${id} 的线索`,
    ambiguous: (prefix: string) => `编号前缀 ${prefix} 对应多条线索，请输入更长的编号`,
  },
  /** `npm run staff -- list`: an account's role and state, and the empty list (shown "中文 English"). */
  staffCli: {
    supervisor: '主管',
    staff: '专员',
    disabled: '已停用',
    noAccounts: '还没有工作人员账号',
  },
  /** Lead capture (`leads/lead-messages.ts` builds its prompts from these). */
  capture: {
    intro: '感谢您对资兴的投资意向！我先记录几项信息，方便招商专员尽快与您对接。',
    hint: '（可回复“跳过”略过此项，或“取消”退出）',
    noted: '已记录：',
    contactRequired: '提交需要至少一个联系方式（手机号或微信号）。如不便留下，可回复“转人工”直接联系工作人员，或回复“取消”。',
    notUnderstood: '抱歉，我没有识别出这一项。',
    declined: '好的，这一项可以先不填。',
    confirmAsk: '请核对以上信息：回复“确认”提交；如需修改，请回复“修改”加内容（例如：修改 电话 13800138000）。',
    summaryTitle: '您的投资意向信息：',
    cancelled: '好的，已取消登记，已填写的信息不会保存。您可以继续向我咨询资兴的投资政策。',
    /** "请问贵公司的名称，以及所属行业？" */
    askFor: (parts: string[]) => `请问${parts.join('，以及')}？`,
    /** After a question answered mid-capture, with the fields still missing (none: the confirmation). */
    resume: (parts: string[]) => (parts.length === 0 ? '（继续登记：回复“确认”提交，或“修改”加内容。）' : `（继续登记：${parts.join('、')}？）`),
    /** Why contact details are collected, how long they are kept, how to have them deleted (PIPL). */
    privacy: (days: number) => `您的姓名和联系方式仅用于招商专员就本项目与您联系，保存${days}天；如需删除，可随时回复“删除我的信息”（依据《个人信息保护法》）。`,
    /** The re-ask for a phone number that failed validation. */
    badPhone: (digits: number) => `您输入的号码是${digits}位，大陆手机号应为以1开头的11位数字（座机请带区号，如 0735-1234567）。请重新输入：`,
    /** Between a field's label and its value in the summary, in "已记录", between items, and at the end of "已记录". */
    summarySep: '：',
    notedSep: ' ',
    notedJoin: '；',
    notedEnd: '。',
    /** How a missing field is asked for. */
    fieldAsk: {
      company: '贵公司的名称',
      industry: '所属行业',
      investment: '计划投资金额（如 5000万元、2亿元）',
      landOrSpace: '用地或厂房面积需求（亩或平方米）',
      timeline: '计划落地时间（如 今年下半年、明年Q1）',
      contactName: '联系人姓名',
      phone: '手机号或微信号',
      wechatId: '微信号',
      description: '项目简介',
    } satisfies Record<LeadField, string>,
    /** A field's name in the summary. */
    fieldLabel: {
      company: '公司',
      industry: '行业',
      investment: '投资额',
      landOrSpace: '用地/面积',
      timeline: '计划时间',
      contactName: '联系人',
      phone: '电话',
      wechatId: '微信',
      description: '需求',
    } satisfies Record<LeadField, string>,
    /** A field in the short line after a question answered mid-capture. */
    fieldShort: {
      company: '贵公司的名称',
      industry: '所属行业',
      investment: '计划投资金额',
      landOrSpace: '用地或厂房面积',
      timeline: '计划落地时间',
      contactName: '联系人姓名',
      phone: '手机号或微信号',
      wechatId: '微信号',
      description: '项目简介',
    } satisfies Record<LeadField, string>,
  },
  /** What the WeChat adapters (Wechaty, Official Account, 微信客服) say on their own. */
  wechat: {
    /** Images, voice, files, links, stickers, videos: what we handle and how to reach a person. */
    unsupported: '您好，我是资兴招商助手，目前只能阅读文字消息，回答关于在资兴投资的问题（优惠政策、园区、产业、服务和联系人）。请用文字提问；如需人工服务，请发送“转人工”。',
    /** After a friend request is accepted. */
    friendGreeting: '您好，我是资兴招商助手！可以为您解答在资兴投资的相关问题：招商优惠政策、产业园区、重点产业、营商服务和对接联系人，回答都会注明依据。直接发文字提问即可；如需人工服务，请发送“转人工”。',
    /** On subscribe (and the 微信客服 welcome). */
    welcome: '您好，欢迎关注资兴招商！我是资兴招商助手，可以为您解答：\n· 招商优惠政策\n· 产业园区\n· 重点产业\n· 营商服务与对接联系人\n回答都会注明依据。直接发文字提问即可，也可以点击下方菜单；如需人工服务，请发送“转人工”。',
    /** Voice without WeChat's speech recognition text. */
    voiceUnrecognised: '抱歉，没能识别这段语音。请用文字提问；如需人工服务，请发送“转人工”。',
    /** The adapter's one error path: handling a message failed (the error is logged with its code). */
    error: '抱歉，系统暂时出了点问题，请稍后再试；如需人工服务，请发送“转人工”。',
    /** Before the sources of an answer ("依据：[1] 《…》"). */
    sourcesLabel: '依据：',
    /** WeChat has no buttons: suggested actions become "reply X" hints. */
    youCanReply: (values: string[]) => `可回复：${values.map((v) => `「${v}」`).join(' ')}`,
    /** In front of a staff message whose sender has no name (WeChat, and the terminal of `npm run chat`). */
    staffName: '工作人员',
    /** How the terminal of `npm run chat` marks a message of the system itself. */
    system: '系统',
    /** The Official Account's custom menu: each button's label and the question a tap asks. */
    menu: {
      invest: '投资资兴',
      policy: { label: '优惠政策', question: '资兴有哪些招商优惠政策？' },
      zones: { label: '产业园区', question: '资兴有哪些产业园区？' },
      industries: { label: '重点产业', question: '资兴的重点产业有哪些？' },
      services: { label: '营商服务', question: '资兴为投资企业提供哪些服务？' },
      contact: { label: '联系我们', question: '转人工' },
    },
  },
  /** The web chat's line when a request failed on our side (the details are logged, never sent). */
  web: {
    error: '抱歉，服务暂时出错，请稍后再试。',
  },
  /** Operational notices the WeChat adapters send to staff (console, Slack). */
  staffNotice: {
    /** The Wechaty bot dropped and needs someone to scan a QR code. */
    relogin: (reason: string) => `【微信助手】微信连接已断开（${reason}），正在自动重连。如需重新登录，请在员工控制台查看登录二维码并用机器人微信号扫码。`,
    /** Why the Wechaty connection counts as lost. */
    disconnect: { logout: '已退出登录', error: '连接出错', silent: '长时间无响应', start_failed: '启动失败' },
    /** The daily send cap was reached; further WeChat replies are dropped until tomorrow. */
    dailyCap: (cap: number) => `【微信助手】今日微信发送量已达上限（${cap} 条），为避免触发微信风控，今天剩余的回复将不再发送。请关注员工控制台中的会话。`,
    /** The adapters' names in notices. */
    mpName: '微信服务号',
    kfName: '微信客服',
    /** A message to an investor could not go out now and was queued. */
    queued: (channel: string, user: string, reason: 'expired' | 'over_quota' | 'session') => {
      const why =
        reason === 'expired'
          ? '投资者最后一次发消息已超过 48 小时，平台不允许再主动发送'
          : reason === 'over_quota'
            ? '已达到平台的发送条数限制（投资者每次发消息后最多 5 条）'
            : '该会话当前状态不允许机器人发送';
      return `【${channel}】给投资者（尾号 ${user.slice(-4)}）的消息未能发出：${why}。消息已排队，投资者下次发消息时自动补发；紧急情况请电话联系。`;
    },
    /** The transfer to the WeCom servicer failed (95014: not active or not receiving; 95016: the session's state forbids it). */
    transferFailed: (servicer: string, errcode: number | undefined, detail: string) => {
      const why = errcode === 95014 ? `接待人员 ${servicer} 尚未在企业微信激活或不在“正在接待”状态` : errcode === 95016 ? '当前会话状态不允许转接' : `企业微信返回错误（${errcode ?? detail}）`;
      return `【微信客服】转给企业微信接待人员失败：${why}。会话仍由机器人转发，可继续在此回复投资者。`;
    },
    /** Ending the WeCom session after 交还机器人 failed. */
    endFailed: (errcode: number | undefined, detail: string) =>
      `【微信客服】交还机器人时结束企业微信会话失败（${errcode ?? detail}）。请接待人员在企业微信中手动结束会话，之后机器人会在投资者下次发消息时接待。`,
    /** Staff wrote through the bot while a WeCom servicer holds the session (the bot may not send then). */
    humanHoldsSession: '【微信客服】该会话已转给企业微信接待人员（人工接待中），机器人无法代发消息。请在企业微信中直接回复投资者，或先“交还机器人”。',
    /** WeCom reports that a message did not reach the customer. */
    sendFailed: (failType: number | undefined) => `【微信客服】一条消息未能送达投资者（失败类型 ${failType ?? '未知'}），请在企业微信中查看该会话。`,
  },
};

/** The shape both languages fill. */
export type UiTexts = typeof ZH;
