import type { Rng } from '../random.ts';

/** Plausible Chinese names for what the simulator invents: streamers, parks, courses, carriers. */

const STREAMER_HEADS = ['沂蒙', '兰山', '临沂', '蒙山', '小', '大', '阿', '老', '琅琊', '沂河', '银雀', '书圣'];
const STREAMER_TAILS = ['小妹', '大哥', '二姐', '好物', '严选', '鞋匠', '农哥', '果园', '宝妈', '掌柜', '姑娘', '优选', '工厂店', '家纺', '美妆', '蜜桃哥'];

export const streamerName = (rng: Rng, index: number): string =>
  `${rng.pick(STREAMER_HEADS)}${rng.pick(STREAMER_TAILS)}${index % 7 === 0 ? '' : String(index % 100)}`;

export const PARK_NAMES: readonly string[] = [
  '顺和直播电商科技产业园', '临沂商城直播基地', '兰山区直播电商产业园', '华丰国际服装城直播基地', '沂蒙云谷电商孵化器',
  '凤凰大街直播电商基地', '临沂国际博览中心直播基地', '银雀山网红孵化中心', '兰田直播供应链园', '金雀山直播电商街区',
  '临沂数字经济产业园', '柳青直播电商小镇', '半程镇农产品直播基地', '枣园镇电商产业园', '义堂镇家居直播基地',
];

export const TRAINING_TITLES: readonly string[] = [
  '直播电商带货技能培训班', '网络主播党性教育专题班', '红色村集体经济电商主播交流学习', '农产品直播营销实训',
  '主播合规经营与税务讲座', '短视频运营与选品培训', '“E心向黨”主播先锋学院研修班', '新就业群体职业技能提升班',
];

export const CARRIERS: readonly string[] = ['中通快递', '圆通速递', '申通快递', '韵达快递', '极兔速递', '中国邮政EMS'];

export const LENDERS: readonly string[] = ['临沂农商银行', '中国邮政储蓄银行临沂分行', '兰山区农村信用合作联社', '齐鲁银行临沂分行'];

export const AWARD_TITLES: readonly string[] = ['最美主播', '直播技能大赛一等奖', '直播技能大赛二等奖', '助农直播先锋', '诚信经营示范主播'];

export const APPEAL_TEXTS: Record<'logistics' | 'finance' | 'platform' | 'training' | 'venue' | 'other', readonly [string, string]> = {
  logistics: ['快递揽收时间晚，当天订单发不出', '协调快递网点延长揽收时间'],
  finance: ['备货资金周转困难，申请低息贷款', '对接银行办理主播贷'],
  platform: ['账号被平台限流，申诉无果', '联系平台区域负责人复核'],
  training: ['希望参加选品与运营培训', '安排进入下期技能培训班'],
  venue: ['直播间租金上涨，需要场地支持', '协调园区提供优惠工位'],
  other: ['子女入学咨询', '转交区教育部门办理'],
};
