/** The privacy and terms pages the Teams app package links to (`GET /privacy`, `GET /terms`), shown in both languages. */
export const en = {
  'legal.language': 'English',
  'legal.privacy.title': 'DealDesk privacy statement',
  'legal.privacy.operator':
    'This DealDesk is run by the organisation that installed it in your Slack workspace or Microsoft Teams tenant. That organisation is responsible for the data, and its administrators answer questions about it.',
  'legal.privacy.stores':
    'DealDesk stores what your team types into it: deals, accounts and their contacts, notes, quotas, exchange rates, discount requests and their approvals, and a record of who changed what. About people it stores the name, the @handle, the email address when Slack or Teams gives it, the role and team, the time zone and the language. To reach you it stores the Slack or Teams ids of your workspace, your user and the chats it posts in.',
  'legal.privacy.where':
    'All of it is kept in the organisation’s own database (SQLite or PostgreSQL), on servers the organisation runs. Slack access tokens are stored encrypted.',
  'legal.privacy.shared':
    'DealDesk sends data nowhere else: only to Slack or Microsoft Teams, to show you its answers, cards and files. It has no advertising, no analytics and no tracking, and sets no cookies.',
  'legal.privacy.kept':
    'Data is kept until an administrator deletes it. The ids of chat requests, kept to answer each request once, are deleted after a few weeks. To see, correct or remove what is stored about you, ask an administrator of your DealDesk.',
  'legal.terms.title': 'DealDesk terms of use',
  'legal.terms.operator':
    'This DealDesk is provided to you by the organisation that installed it, under that organisation’s own policies for work tools. Questions go to its administrators.',
  'legal.terms.use':
    'Use DealDesk for your organisation’s sales work: logging and updating deals, reports, quotas and approvals. Do not enter data you are not allowed to share with your colleagues in DealDesk.',
  'legal.terms.software':
    'DealDesk is software run by your organisation on its own servers. It is provided as is, without warranty: figures are computed from what people typed, so check them before relying on them.',
  'legal.terms.privacy': 'What DealDesk stores and where is described in its privacy statement:',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'legal.language': '中文',
  'legal.privacy.title': 'DealDesk 隐私声明',
  'legal.privacy.operator':
    '本 DealDesk 由将其安装到您的 Slack 工作区或 Microsoft Teams 租户的组织运营。该组织对数据负责，由其管理员解答相关问题。',
  'legal.privacy.stores':
    'DealDesk 保存您的团队输入的内容：商机、客户及其联系人、跟进记录、销售指标、汇率、折扣申请及其审批，以及谁在何时修改了什么的记录。关于人员，它保存姓名、@用户名、Slack 或 Teams 提供的电子邮件地址、角色和团队、时区和语言。为了联系到您，它保存您的工作区、您本人以及它发消息的聊天在 Slack 或 Teams 中的 ID。',
  'legal.privacy.where':
    '所有数据都保存在该组织自己的数据库（SQLite 或 PostgreSQL）中，运行在该组织自己的服务器上。Slack 访问令牌以加密形式保存。',
  'legal.privacy.shared':
    'DealDesk 不会把数据发送到其他任何地方：只发送给 Slack 或 Microsoft Teams，用来向您显示回答、卡片和文件。它没有广告、没有统计分析、没有跟踪，也不设置 Cookie。',
  'legal.privacy.kept':
    '数据会一直保存，直到管理员删除。为保证每个聊天请求只处理一次而保存的请求 ID，会在几周后删除。如需查看、更正或删除与您有关的数据，请联系您的 DealDesk 管理员。',
  'legal.terms.title': 'DealDesk 使用条款',
  'legal.terms.operator': '本 DealDesk 由安装它的组织向您提供，适用该组织自己的办公工具政策。如有问题，请联系其管理员。',
  'legal.terms.use':
    '请将 DealDesk 用于本组织的销售工作：记录和更新商机、查看报表、设置指标和审批。请勿在 DealDesk 中输入您无权与同事共享的数据。',
  'legal.terms.software':
    'DealDesk 是由您的组织在其自己的服务器上运行的软件，按现状提供，不附带任何保证：数字根据大家输入的内容计算，使用前请核对。',
  'legal.terms.privacy': 'DealDesk 保存哪些数据、保存在哪里，请见其隐私声明：',
};
