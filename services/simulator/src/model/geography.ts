/**
 * Real GB/T 2260 codes for Linyi and its Lanshan district, and buyer regions across China.
 * Town and village suffixes below the real county codes are invented but well-formed
 * (9 and 12 digits), so every figure rolls up province → city → county → town → village.
 */
export const SHANDONG = '370000';
export const LINYI = '371300';
export const LANSHAN = '371302';

export interface Place {
  code: string;
  name: string;
}

/** Subdistricts and towns of Lanshan (names real, 3-digit suffixes plausible). */
export const LANSHAN_TOWNS: readonly Place[] = [
  { code: '371302001', name: '兰山街道' },
  { code: '371302002', name: '银雀山街道' },
  { code: '371302003', name: '金雀山街道' },
  { code: '371302004', name: '柳青街道' },
  { code: '371302100', name: '枣园镇' },
  { code: '371302101', name: '半程镇' },
  { code: '371302102', name: '白沙埠镇' },
  { code: '371302103', name: '义堂镇' },
  { code: '371302104', name: '汪沟镇' },
  { code: '371302105', name: '方城镇' },
  { code: '371302106', name: '李官镇' },
  { code: '371302107', name: '马厂湖镇' },
];

/** Farming villages whose produce streamers sell, in Lanshan and Linyi's farming counties. */
export interface Village extends Place {
  /** What the village grows; the product names sold from it. */
  produce: readonly string[];
}

export const FARM_VILLAGES: readonly Village[] = [
  { code: '371302100201', name: '枣园镇郭家庄村', produce: ['沂蒙煎饼', '小米'] },
  { code: '371302101203', name: '半程镇大官庄村', produce: ['金银花茶', '花生'] },
  { code: '371302102205', name: '白沙埠镇诸葛村', produce: ['大樱桃', '板栗'] },
  { code: '371302104202', name: '汪沟镇西汪沟村', produce: ['黄桃', '蜂蜜'] },
  { code: '371302105207', name: '方城镇诸满村', produce: ['鲜鸡蛋', '土鸡'] },
  { code: '371302106204', name: '李官镇前李官村', produce: ['小杂粮', '红薯粉条'] },
  { code: '371328105210', name: '蒙阴县岱崮镇笊篱坪村', produce: ['蒙阴蜜桃', '苹果'] },
  { code: '371328102206', name: '蒙阴县野店镇烟庄村', produce: ['蒙阴蜜桃', '黄桃罐头'] },
  { code: '371324101212', name: '兰陵县代村', produce: ['兰陵大蒜', '蔬菜礼盒'] },
  { code: '371323104208', name: '沂水县院东头镇桃棵子村', produce: ['沂水苹果', '红色研学煎饼'] },
  { code: '371326103209', name: '平邑县地方镇九间棚村', produce: ['金银花', '山楂'] },
  { code: '371321100211', name: '沂南县马牧池乡常山庄村', produce: ['沂南黄瓜', '沂蒙小米'] },
];

/** Where buyers live: real province and city codes, weighted roughly by online spending. */
export const BUYER_REGIONS: readonly (Place & { weight: number })[] = [
  { code: '440100', name: '广州', weight: 5 }, { code: '440300', name: '深圳', weight: 5 }, { code: '441900', name: '东莞', weight: 3 },
  { code: '330100', name: '杭州', weight: 4 }, { code: '330200', name: '宁波', weight: 2 }, { code: '320100', name: '南京', weight: 3 },
  { code: '320500', name: '苏州', weight: 3.5 }, { code: '310100', name: '上海', weight: 6 }, { code: '110100', name: '北京', weight: 6 },
  { code: '120100', name: '天津', weight: 2 }, { code: '500100', name: '重庆', weight: 3 }, { code: '510100', name: '成都', weight: 4 },
  { code: '370100', name: '济南', weight: 3 }, { code: '370200', name: '青岛', weight: 3 }, { code: '371300', name: '临沂', weight: 4 },
  { code: '410100', name: '郑州', weight: 3.5 }, { code: '420100', name: '武汉', weight: 3.5 }, { code: '430100', name: '长沙', weight: 3 },
  { code: '340100', name: '合肥', weight: 2.5 }, { code: '350100', name: '福州', weight: 2 }, { code: '350200', name: '厦门', weight: 1.5 },
  { code: '360100', name: '南昌', weight: 2 }, { code: '360500', name: '新余', weight: 0.6 }, { code: '130100', name: '石家庄', weight: 2.5 },
  { code: '140100', name: '太原', weight: 1.5 }, { code: '150100', name: '呼和浩特', weight: 1 }, { code: '210100', name: '沈阳', weight: 2 },
  { code: '220100', name: '长春', weight: 1.5 }, { code: '230100', name: '哈尔滨', weight: 1.8 }, { code: '450100', name: '南宁', weight: 1.8 },
  { code: '460100', name: '海口', weight: 0.8 }, { code: '520100', name: '贵阳', weight: 1.3 }, { code: '530100', name: '昆明', weight: 1.8 },
  { code: '540100', name: '拉萨', weight: 0.3 }, { code: '610100', name: '西安', weight: 2.8 }, { code: '620100', name: '兰州', weight: 1 },
  { code: '630100', name: '西宁', weight: 0.4 }, { code: '640100', name: '银川', weight: 0.5 }, { code: '650100', name: '乌鲁木齐', weight: 0.9 },
];
