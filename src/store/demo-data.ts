/**
 * Static names and phrases of the demo workspace (see demo-seed.ts). Everything here is fictional:
 * people, companies and deals are invented, and e-mail addresses use the reserved example.com domain.
 */

export type DemoPerson = { name: string; handle: string };

export type DemoTeam = {
  name: string;
  region: string;
  timeZone: string;
  /** Locale and zone given to the team's members explicitly; null = inherit the team's / workspace's. */
  memberLocale: 'zh-CN' | null;
  memberTimeZone: string | null;
  chinese: boolean;
  /** Share of the team's accounts bought through each channel, in percent (direct, partner, online). */
  channelMix: readonly [number, number, number];
  manager: DemoPerson;
  reps: readonly [DemoPerson, DemoPerson, DemoPerson, DemoPerson];
  accounts: readonly string[];
};

/** Stored once and shown to everyone, so it says what it is in both languages. */
export const DEMO_WORKSPACE_NAME = 'Demo workspace — sample data · 示例工作区（示例数据）';

export const DEMO_ADMIN: DemoPerson = { name: 'Dana Admin', handle: 'dana' };

export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    name: 'East China',
    region: 'APAC',
    timeZone: 'Asia/Shanghai',
    memberLocale: 'zh-CN',
    memberTimeZone: 'Asia/Shanghai',
    chinese: true,
    channelMix: [65, 15, 20],
    manager: { name: '陈静', handle: 'jing.chen' },
    reps: [
      { name: '张伟', handle: 'wei.zhang' },
      { name: '王芳', handle: 'fang.wang' },
      { name: '李娜', handle: 'na.li' },
      { name: '刘洋', handle: 'yang.liu' },
    ],
    accounts: [
      '上海云帆科技',
      '杭州数智网络',
      '苏州精工制造',
      '南京星辰软件',
      '宁波海港物流',
      '无锡华光电子',
      '合肥智联汽车',
      '上海东方医疗器械',
      '杭州青禾食品',
      '苏州瑞德新材料',
      '上海浦江能源',
      '温州鼎盛鞋业',
      '常州恒力机械',
      '嘉兴锦绣纺织',
      '绍兴兰亭文化传媒',
      '扬州运河酒店集团',
      '上海航远物流',
      '杭州西子智能',
      '南通海蓝船舶',
      '芜湖长江建材',
    ],
  },
  {
    name: 'North America',
    region: 'NA',
    timeZone: 'America/New_York',
    memberLocale: null,
    memberTimeZone: null,
    chinese: false,
    channelMix: [65, 15, 20],
    manager: { name: 'Mike Johnson', handle: 'mike' },
    reps: [
      { name: 'Alice Carter', handle: 'alice' },
      { name: 'Brian Lee', handle: 'brian' },
      { name: 'Carmen Diaz', handle: 'carmen' },
      { name: 'David Kim', handle: 'david' },
    ],
    accounts: [
      'Acme Robotics',
      'Bluewater Logistics',
      'Cedar Health Systems',
      'Summit Financial Group',
      'Northwind Foods',
      'Granite Insurance',
      'Brightline Media',
      'Keystone Manufacturing',
      'Harbor Point Bank',
      'Redwood Analytics',
      'Lakeside University',
      'Pioneer Energy',
      'Evergreen Retail',
      'Ironclad Security',
      'Maple Ridge Telecom',
      'Silverline Aviation',
      'Prairie Agritech',
      'Copperfield Pharma',
      'Atlas Construction',
      'Beacon Hospitality',
    ],
  },
  {
    name: 'Partners & Channel',
    region: 'EMEA',
    timeZone: 'Europe/London',
    memberLocale: null,
    memberTimeZone: null,
    chinese: false,
    channelMix: [10, 80, 10],
    manager: { name: 'Sophie Martin', handle: 'sophie' },
    reps: [
      { name: 'Oliver Smith', handle: 'oliver' },
      { name: 'Emma Wilson', handle: 'emma' },
      { name: 'Lukas Becker', handle: 'lukas' },
      { name: 'Priya Patel', handle: 'priya' },
    ],
    accounts: [
      'Nordic Systems Integrators',
      'Albion IT Partners',
      'Rhine Valley Solutions',
      'Meridian Resellers',
      'Thames Digital',
      'Iberia Cloud Services',
      'Alpine Consulting Group',
      'Baltic Data Partners',
      'Continental VAR',
      'Celtic Networks',
      'Lisbon Tech Distribution',
      'Hanseatic Software',
      'Riviera Solutions',
      'Danube IT',
      'Highland Managed Services',
      'Benelux Channel Partners',
      'Oxford Analytics Partners',
      'Vienna Systems',
      'Milano Digitale',
      'Parisian Cloud Partners',
    ],
  },
];

/** What is being sold, in English and Chinese. */
export const DEAL_PRODUCTS_EN = [
  'CRM rollout',
  'Analytics platform',
  'Annual renewal',
  'Seat expansion',
  'Data migration',
  'Premium support upgrade',
  'Pilot project',
  'ERP integration',
  'Security add-on',
  'Multi-year agreement',
  'Regional rollout',
  'Training package',
] as const;

export const DEAL_PRODUCTS_ZH = [
  'CRM系统部署',
  '数据分析平台',
  '年度续约',
  '扩容采购',
  '数据迁移项目',
  '高级技术支持升级',
  '试点项目',
  'ERP集成项目',
  '安全模块',
  '三年框架协议',
  '区域推广',
  '培训服务包',
] as const;

/** Kept in English for every team so the lost-reasons report groups them into one list. */
export const LOST_REASONS = ['Price too high', 'Chose competitor', 'No budget', 'No decision', 'Project postponed'] as const;

export const NEXT_STEPS_EN = [
  'Send revised quote',
  'Schedule demo with IT',
  'Call the CFO about budget',
  'Share security questionnaire',
  'Book on-site workshop',
  'Follow up on legal review',
  'Send reference customers',
  'Confirm decision timeline',
] as const;

export const NEXT_STEPS_ZH = [
  '发送修订报价',
  '安排IT部门演示',
  '与财务总监沟通预算',
  '提供安全问卷',
  '预约现场研讨会',
  '跟进法务审核',
  '提供参考客户',
  '确认决策时间表',
] as const;

export const ACTIVITY_TEXTS_EN = {
  call: [
    'Spoke with the sponsor, budget confirmed for this quarter',
    'Call with procurement about payment terms',
    'Quick check-in, they are comparing two vendors',
  ],
  meeting: ['On-site workshop with the operations team', 'Demo for the IT steering group went well', 'Met the CFO, wants a phased rollout'],
  email: ['Sent pricing and the implementation plan', 'Shared the security whitepaper', 'Emailed the draft contract to legal'],
  note: ['Champion is moving to another role next month', 'Competitor offered a 20% discount', 'Decision expected after the board meeting'],
} as const;

export const ACTIVITY_TEXTS_ZH = {
  call: ['与项目负责人通话，本季度预算已确认', '与采购讨论付款条件', '简单跟进，客户正在比较两家供应商'],
  meeting: ['与运营团队进行现场研讨', '向IT指导小组演示，反馈良好', '拜访财务总监，希望分阶段实施'],
  email: ['已发送报价和实施计划', '已发送安全白皮书', '已将合同草稿发给法务'],
  note: ['客户内部支持者下月调岗', '竞争对手报价低20%', '预计董事会后做决定'],
} as const;
